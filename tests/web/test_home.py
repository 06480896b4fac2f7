from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [("employee", "web:portal"), ("product_manager", "web:workspace"), ("admin", "web:administration")],
)
def test_home_sends_each_role_to_its_own_home(
    db, request: pytest.FixtureRequest, login, who: str, lands_on: str
) -> None:
    client = login(request.getfixturevalue(who))
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(lands_on)
    assert client.get(response["Location"]).status_code == 200


def test_anonymous_home_asks_to_sign_in(client) -> None:
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
