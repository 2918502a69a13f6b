"""Bad input is a 4xx naming the field, never a 500 (issue 17, finding 5): every list's paging."""

from foyer_shared.testing_inputs import (
    foyer_blueprints_test,
    last_page_test,
    out_of_range_paging_test,
)

test_out_of_range_paging_is_422_naming_it = out_of_range_paging_test()
test_the_last_page_answers = last_page_test()
test_every_blueprint_is_foyers = foyer_blueprints_test()
