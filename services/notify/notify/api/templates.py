"""Templates per message type and language: read, save your own over the built-in, preview."""

from flask.views import MethodView

from foyer_shared.access import current_access, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from notify.api.template_schemas import PreviewIn, PreviewOut, TemplateIn, TemplateOut
from notify.use_cases import templates

MANAGE = "notify.templates.manage"
blp = Blueprint("templates", __name__, url_prefix="/templates", description="Message templates")


@blp.route("")
class Templates(MethodView):
    @requires(MANAGE)
    @blp.response(200, TemplateOut(many=True))
    def get(self):
        """Every message type in every language, saved or built-in"""
        return templates.list_all(current_db())


@blp.route("/<kind>/<language>")
class OneTemplate(MethodView):
    @requires(MANAGE)
    @blp.response(200, TemplateOut)
    def get(self, kind, language):
        """The template in use for a message type and language"""
        return templates.get(current_db(), kind, language)

    @requires(MANAGE)
    @blp.arguments(TemplateIn)
    @blp.response(200, TemplateOut)
    def put(self, parts, kind, language):
        """Save your own template (422 naming the part, line and placeholder it cannot use)"""
        return templates.save(current_db(), kind, language, parts, current_access().user_id)

    @requires(MANAGE)
    @blp.response(200, TemplateOut)
    def delete(self, kind, language):
        """Go back to the built-in template"""
        return templates.reset(current_db(), kind, language)


@blp.route("/<kind>/preview")
class Preview(MethodView):
    @requires(MANAGE)
    @blp.arguments(PreviewIn)
    @blp.response(200, PreviewOut)
    def post(self, body, kind):
        """Render the template, or an unsaved draft, for a person"""
        language, rendered = templates.preview(
            current_db(), kind, body["language"], str(body["person_id"]), body["template"]
        )
        return {"language": language, **rendered.__dict__}
