"""An admin imports people from a CSV file: checks it, is refused while rows are bad, then imports the valid rows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role, User

from ..factories import DepartmentFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e


def test_admin_checks_then_imports_people(site: Site, tmp_path) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)
    DepartmentFactory(name="Finance")
    path = tmp_path / "staff.csv"
    path.write_text("email;full_name;department;role\nann@example.com;Ann Archer;Finance;\nbob@;Bob;Nowhere;boss\n")
    page = site.page
    site.open("/accounts/people/")
    site.sign_in(admin.email)
    page.get_by_role("link", name="Import from CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from CSV")
    site.check()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_role("heading", name="What importing would do")).to_be_visible()
    site.check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported")
    page.get_by_label("Import the valid rows only").check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status").first).to_contain_text("Imported people: 1 created")
    assert User.objects.filter(email="ann@example.com").exists()
    page.get_by_role("link", name="See the people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
