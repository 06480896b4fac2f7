"""Permission-matrix rows for the portfolio pages (merged into tests/test_permission_matrix.py).
Objects are made by someone else than the caller, so "edit what you own" shows as 403 for
product managers and 200 for admins."""

from __future__ import annotations

from typing import Any

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


def _pk(factory: Any, **kwargs: Any) -> list[Any]:
    return [factory(**kwargs).pk]


def _open_request(ctx: Any) -> list[Any]:
    from itpm.accounts.models import Role
    from itpm.portfolio.models import OptionRequest

    owner = UserFactory(role=Role.PRODUCT_MANAGER)
    option = ServiceOptionFactory(service=ServiceFactory(owner=owner), segments=[SegmentFactory()])
    return [OptionRequest.objects.create(option=option, requested_by=UserFactory()).pk]


def rows(page: Any) -> dict[str, Any]:
    signed_in = (302, 200, 200, 200)
    manager_page = (302, 403, 200, 200)
    owner_page = (302, 403, 403, 200)
    return {
        "portfolio:overview": page("GET", manager_page),
        "portfolio:catalog": page("GET", signed_in),
        "portfolio:catalog_market": page("GET", signed_in, args=lambda ctx: _pk(MarketFactory)),
        "portfolio:catalog_service": page("GET", signed_in, args=lambda ctx: _pk(ServiceFactory)),
        "portfolio:request_option": page(
            "POST",
            (302, 302, 302, 302),
            args=lambda ctx: _pk(ServiceOptionFactory, segments=[SegmentFactory()]),
            data={"reason": "Audits"},
        ),
        "portfolio:requests": page("GET", signed_in),
        "portfolio:answer_request": page(
            "POST", (302, 403, 403, 302), args=_open_request, data={"status": "granted", "answer": "Done."}
        ),
        "portfolio:markets": page("GET", manager_page),
        "portfolio:market_create": page("GET", manager_page),
        "portfolio:market": page("GET", manager_page, args=lambda ctx: _pk(MarketFactory)),
        "portfolio:market_edit": page("GET", owner_page, args=lambda ctx: _pk(MarketFactory)),
        "portfolio:competitor_create": page("GET", owner_page, args=lambda ctx: _pk(MarketFactory)),
        "portfolio:competitor_edit": page("GET", owner_page, args=lambda ctx: _pk(CompetitorFactory)),
        "portfolio:segment_create": page("GET", owner_page, args=lambda ctx: _pk(MarketFactory)),
        "portfolio:segment": page("GET", manager_page, args=lambda ctx: _pk(SegmentFactory)),
        "portfolio:segment_edit": page("GET", owner_page, args=lambda ctx: _pk(SegmentFactory)),
        "portfolio:personas": page("GET", manager_page),
        "portfolio:persona_create": page("GET", manager_page),
        "portfolio:persona": page("GET", manager_page, args=lambda ctx: _pk(PersonaFactory)),
        "portfolio:persona_edit": page("GET", owner_page, args=lambda ctx: _pk(PersonaFactory)),
        "portfolio:service_create": page("GET", manager_page),
        "portfolio:service": page("GET", manager_page, args=lambda ctx: _pk(ServiceFactory)),
        "portfolio:service_edit": page("GET", owner_page, args=lambda ctx: _pk(ServiceFactory)),
        "portfolio:option_create": page("GET", owner_page, args=lambda ctx: _pk(ServiceFactory)),
        "portfolio:option_edit": page("GET", owner_page, args=lambda ctx: _pk(ServiceOptionFactory)),
        "portfolio:stories": page("GET", manager_page),
        "portfolio:story_create": page("GET", manager_page),
        "portfolio:story": page("GET", manager_page, args=lambda ctx: _pk(UseCaseStoryFactory)),
        "portfolio:story_edit": page("GET", owner_page, args=lambda ctx: _pk(UseCaseStoryFactory)),
        "portfolio:shadow_tools": page("GET", signed_in),
        "portfolio:shadow_tool_create": page("GET", signed_in),
        "portfolio:shadow_tool_edit": page("GET", manager_page, args=lambda ctx: _pk(ShadowToolFactory)),
        "portfolio:transfer": page("GET", manager_page),
        "portfolio:export_json": page("GET", manager_page),
        "portfolio:export_csv": page("GET", manager_page, args=lambda ctx: ["services"]),
        "portfolio:record_action": page(
            "POST", (302, 403, 403, 302), args=lambda ctx: ["market", MarketFactory().pk, "archive"]
        ),
    }
