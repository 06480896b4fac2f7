"""Portfolio pages offer an action only to whoever may carry it out, and say why to the others,
in the words of the services' own rule (services.why_not_editable, why_not_deletable)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Role, User
from itpm.portfolio import services
from itpm.portfolio.models import OptionRequest

from ..factories import (
    CompetitorFactory,
    MarketFactory,
    PersonaFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    ShadowToolFactory,
    UseCaseStoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _manager(name: str) -> User:
    return UserFactory(role=Role.PRODUCT_MANAGER, full_name=name)


def test_a_reason_is_given_exactly_when_the_record_may_not_be_changed() -> None:
    owner, creator = _manager("Olga Owner"), _manager("Carl Creator")
    market = MarketFactory(owner=owner, created_by=creator)
    service = ServiceFactory(market=market, owner=owner)
    kept = [
        market,
        CompetitorFactory(market=market),
        SegmentFactory(market=market),
        PersonaFactory(created_by=creator),
        service,
        ServiceOptionFactory(service=service),
        UseCaseStoryFactory(service=service, created_by=creator),
        ShadowToolFactory(created_by=UserFactory()),
    ]
    people = [
        owner,
        creator,
        _manager("Other Manager"),
        UserFactory(role=Role.EMPLOYEE),
        UserFactory(role=Role.ADMIN),
        UserFactory(role=Role.PRODUCT_MANAGER, is_active=False),
    ]
    for person in people:
        for record in kept:
            reason = services.why_not_editable(person, record)
            assert (reason is None) == services.can_edit(person, record), (person, record, reason)


def test_the_reason_names_who_may_change_the_record() -> None:
    owner, creator = _manager("Olga Owner"), _manager("Carl Creator")
    market = MarketFactory(name="Devices", owner=owner, created_by=creator)
    other = _manager("Other Manager")
    assert services.why_not_editable(other, market) == (
        "You can change only what you own or created: Olga Owner, Carl Creator or an admin can change “Devices”."
    )
    segment = SegmentFactory(name="Field staff", market=market, created_by=None)
    # A segment is changed by its market's owner and creator too.
    assert services.why_not_editable(other, segment) == (
        "You can change only what you own or created: Olga Owner, Carl Creator or an admin can change “Field staff”."
    )
    orphan = MarketFactory(name="Nobody's", owner=None, created_by=None)
    assert services.why_not_editable(other, orphan) == (
        "You can change only what you own or created: an admin can change “Nobody's”."
    )
    assert services.why_not_editable(UserFactory(role=Role.EMPLOYEE), market) == (
        "Only product managers and admins change the portfolio."
    )
    assert services.why_not_editable(UserFactory(role=Role.ADMIN, is_active=False), market) == (
        "Deactivated people change nothing."
    )


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("market", lambda owner: MarketFactory(owner=owner)),
        ("segment", lambda owner: SegmentFactory(market=MarketFactory(owner=owner))),
        ("persona", lambda owner: PersonaFactory(created_by=owner)),
        ("service", lambda owner: ServiceFactory(owner=owner)),
        ("story", lambda owner: UseCaseStoryFactory(created_by=owner)),
    ],
)
def test_a_records_page_shows_its_buttons_to_its_keeper_and_the_reason_to_other_managers(
    login, product_manager: User, kind: str, make
) -> None:
    owner = _manager("Olga Owner")
    record = make(owner)
    page = reverse(f"portfolio:{kind}", args=[record.pk])
    edit = reverse(f"portfolio:{kind}_edit", args=[record.pk])
    archive = reverse("portfolio:record_action", args=[kind, record.pk, "archive"])

    html = login(product_manager).get(page).content.decode()
    assert f'href="{edit}"' not in html
    assert archive not in html
    assert "You can change only what you own or created: Olga Owner" in html
    assert login(product_manager).get(edit).status_code == 403

    html = login(owner).get(page).content.decode()
    assert f'href="{edit}"' in html
    assert archive in html
    assert "You can change only what you own or created" not in html
    assert "Delete</button>" not in html  # only admins delete


def test_an_admin_is_told_why_a_record_cannot_be_deleted_yet(login, admin: User) -> None:
    market = MarketFactory()
    SegmentFactory.create_batch(2, market=market)
    ServiceFactory(market=market)
    page = reverse("portfolio:market", args=[market.pk])
    delete = reverse("portfolio:record_action", args=["market", market.pk, "delete"])
    html = login(admin).get(page).content.decode()
    assert delete not in html
    assert "Still referred to by 2 segments and 1 service, so it cannot be deleted; archive it instead." in html
    archived_only = MarketFactory()
    SegmentFactory(market=archived_only, archived_at=timezone.now())  # archived, but still there
    html = login(admin).get(reverse("portfolio:market", args=[archived_only.pk])).content.decode()
    assert "Still referred to by 1 segment, so it cannot be deleted; archive it instead." in html
    empty = MarketFactory()
    html = login(admin).get(reverse("portfolio:market", args=[empty.pk])).content.decode()
    assert reverse("portfolio:record_action", args=["market", empty.pk, "delete"]) in html
    assert "Still referred to by" not in html


def test_the_service_page_hides_option_edits_from_other_managers(login, product_manager: User) -> None:
    service = ServiceFactory(owner=_manager("Olga Owner"))
    option = ServiceOptionFactory(service=service, is_standard=True)
    html = login(product_manager).get(reverse("portfolio:service", args=[service.pk])).content.decode()
    assert reverse("portfolio:option_edit", args=[option.pk]) not in html
    assert reverse("portfolio:option_create", args=[service.pk]) not in html
    html = login(service.owner).get(reverse("portfolio:service", args=[service.pk])).content.decode()
    assert reverse("portfolio:option_edit", args=[option.pk]) in html


def test_shadow_tools_link_to_their_edit_page_for_whoever_may_edit_them(login, employee: User) -> None:
    mine = ShadowToolFactory(created_by=employee)
    theirs = ShadowToolFactory(created_by=UserFactory())
    html = login(employee).get(reverse("portfolio:shadow_tools")).content.decode()
    assert reverse("portfolio:shadow_tool_edit", args=[mine.pk]) in html
    assert theirs.name not in html  # someone else's report is not even listed
    html = login(_manager("Mia Manager")).get(reverse("portfolio:shadow_tools")).content.decode()
    assert reverse("portfolio:shadow_tool_edit", args=[theirs.pk]) in html


def test_an_open_request_offers_its_answer_form_only_to_the_owner_and_admins(login, employee: User) -> None:
    owner = _manager("Olga Owner")
    option = ServiceOptionFactory(service=ServiceFactory(owner=owner), segments=[SegmentFactory()])
    request = OptionRequest.objects.create(option=option, requested_by=employee)
    answer = reverse("portfolio:answer_request", args=[request.pk])
    requests = reverse("portfolio:requests")

    for person in (owner, UserFactory(role=Role.ADMIN)):
        html = login(person).get(requests).content.decode()
        assert f'action="{answer}"' in html
    html = login(_manager("Other Manager")).get(requests).content.decode()
    assert f'action="{answer}"' not in html
    html = login(employee).get(requests).content.decode()
    assert f'action="{answer}"' not in html
    assert "Waiting for Olga Owner to answer." in html
