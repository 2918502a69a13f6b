"""To-dos: "my to-dos" with their colour, per assignee for managers, close, reopen, badge."""

from flask.views import MethodView

from crm.api.common import actor, as_text
from crm.api.task_schemas import (
    AssigneeOut,
    BadgeOut,
    CloseIn,
    CloseOut,
    TaskIn,
    TaskOut,
    TaskPatch,
    TaskQuery,
)
from crm.use_cases import badges, task_lists, tasks
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db

blp = Blueprint("tasks", __name__, url_prefix="/tasks", description="To-dos")

READ, WRITE = "crm.tasks.read", "crm.tasks.write"


def _nested_text(data: dict) -> dict:
    return {k: as_text(v) if isinstance(v, dict) else v for k, v in as_text(data).items()}


@blp.route("")
class Tasks(MethodView):
    @requires(READ)
    @blp.arguments(TaskQuery, location="query")
    @blp.response(200, TaskOut(many=True))
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """My to-dos (or an assignee's), open first by reminder time, with their colour"""
        filters = {k: v for k, v in as_text(query).items() if v is not None}
        return one_page(
            pagination_parameters,
            lambda offset, size: task_lists.list_tasks(
                current_db(), actor(), filters, offset, size
            ),
        )

    @requires(WRITE)
    @blp.arguments(TaskIn, example={"kind": "private", "note": "Order towels"})
    @blp.response(201, TaskOut)
    def post(self, data):
        """Create a to-do (private, or about a person's or company's card)"""
        return tasks.create_task(current_db(), actor(), as_text(data))


@blp.route("/badge")
class Badge(MethodView):
    @requires(READ)
    @blp.response(200, BadgeOut)
    def get(self):
        """The caller's count of open to-dos due today or overdue (cheap: poll it)"""
        me = actor().name
        return {"user_id": me, "count": badges.count(current_db(), me)}


@blp.route("/assignees")
class Assignees(MethodView):
    @requires(READ)
    @blp.response(200, AssigneeOut(many=True))
    def get(self):
        """Open and due to-dos per assignee (for managers)"""
        return task_lists.per_assignee(current_db(), actor())


@blp.route("/<uuid:task_id>")
class TaskById(MethodView):
    @requires(READ)
    @blp.response(200, TaskOut)
    def get(self, task_id):
        """Show one to-do"""
        return tasks.get_task(current_db(), actor(), str(task_id))

    @requires(WRITE)
    @blp.arguments(TaskPatch, example={"remind_at": "2026-12-01T09:00:00+01:00"})
    @blp.response(200, TaskOut)
    def patch(self, changes, task_id):
        """Edit a to-do: assignee, type, note, reminder time (a new time reminds again)"""
        return tasks.change_task(current_db(), actor(), str(task_id), as_text(changes))


@blp.route("/<uuid:task_id>/close")
class Close(MethodView):
    @requires(WRITE)
    @blp.arguments(CloseIn, example={"next": {"remind_at": "2026-12-08T09:00:00+01:00"}})
    @blp.response(200, CloseOut)
    def post(self, data, task_id):
        """Close (done); optionally write history on the card and chain the next to-do"""
        return tasks.close_task(current_db(), actor(), str(task_id), _nested_text(data))


@blp.route("/<uuid:task_id>/reopen")
class Reopen(MethodView):
    @requires(WRITE)
    @blp.response(200, TaskOut)
    def post(self, task_id):
        """Reopen a closed to-do"""
        return tasks.reopen_task(current_db(), actor(), str(task_id))
