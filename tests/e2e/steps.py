"""What a buyer and a producer do in the browser, step by step, with the selectors the
storefront promises to keep (see the issue's "Selectors the browser tests rely on"):
the header ``<form role="search">`` with its input named ``q`` labelled "Tìm kiếm sản
phẩm", filter checkboxes found by their visible label, the product page's "Thêm vào giỏ"
button, and the checkout's labelled fields."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, expect

from .browser import PageWatch


@contextmanager
def navigates(page: Page, url: Any = None) -> Iterator[None]:
    """Expects the action inside to load a new page (``url``: a pattern it must match) and
    that page to answer 2xx/3xx, so a server error stops the journey where it happens."""
    kwargs = {"url": url} if url is not None else {}
    with page.expect_navigation(**kwargs) as navigation:
        yield
    response = navigation.value
    assert response is None or response.ok, f"HTTP {response.status} for {response.url}"


def goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, path
    assert response.ok, f"HTTP {response.status} for {path}"


def header_search(page: Page, text: str) -> None:
    """Types in the header search box and submits it (Enter), as a buyer does."""
    form = page.get_by_role("search").first
    box = form.get_by_label(
        "Tìm kiếm sản phẩm"
    )  # input[name=q] (a combobox where autocomplete is on)
    expect(box).to_have_attribute("name", "q")
    if not box.is_visible():  # a phone header may fold the search behind a button
        form.get_by_role("button").first.click()
    box.fill(text)
    with navigates(page, url=re.compile(r"/products/\?")):
        box.press("Enter")
    assert parse_qs(urlparse(page.url).query).get("q") == [text], page.url


def product_names(page: Page) -> list[str]:
    """The product names in the result grid, in order."""
    return [t.strip() for t in page.locator("main .pcard .pcard-name").all_inner_texts()]


def filter_by(page: Page, label: re.Pattern[str], param: str) -> None:
    """Ticks the filter checkbox with that visible label (opening the folded filter panel
    on a phone); the form submits itself on change (its "Lọc" button is for browsers
    without JavaScript). The new page shows the box ticked."""
    box = page.get_by_role("checkbox", name=label)
    _unfold_filters(page, box)
    with navigates(page, url=re.compile(re.escape(param))):
        box.click()
    _unfold_filters(page, box)
    expect(box).to_be_checked()


def _unfold_filters(page: Page, box: Locator) -> None:
    if not box.is_visible():
        # the phone layout folds the filters into a <details> panel (its checkboxes are hidden)
        page.locator("main details", has=page.locator("input[type=checkbox]")).locator(
            "summary"
        ).first.click()
    expect(box).to_be_visible()


def open_product(page: Page, name: str) -> None:
    with navigates(page):
        page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def add_to_cart(page: Page, quantity: int = 1) -> None:
    """The product page's quantity and "Thêm vào giỏ" (posts to the cart)."""
    if quantity != 1:
        page.locator("input[name=quantity]").first.fill(str(quantity))
    with navigates(page):
        page.get_by_role("button", name=re.compile("Thêm vào giỏ")).first.click()
    expect(page.get_by_role("status").filter(has_text="Đã thêm vào giỏ").first).to_be_visible()


def go_to_cart(page: Page) -> None:
    with navigates(page, url=re.compile(r"/cart/$")):
        page.locator("header").get_by_role("link", name=re.compile("Giỏ hàng")).first.click()


def fill_checkout(
    page: Page,
    *,
    email: str,
    phone: str,
    name: str,
    province: str,
    commune_id: int,
    street: str,
    deliveries: list[str],
    payment: re.Pattern[str],
) -> None:
    """Contact, a Vietnamese address (province → commune pickers), the address saved to
    see each shop's delivery options, one option per shop, and the payment method."""
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile("^Số điện thoại")).fill(phone)
    page.locator("#id_ship_full_name").fill(name)
    page.get_by_label(re.compile("Tỉnh/Thành phố")).select_option(label=province)
    commune = page.get_by_label(re.compile("^Phường/Xã"))
    expect(commune.locator(f"option[value='{commune_id}']")).to_have_count(
        1
    )  # loaded by the province picker
    commune.select_option(value=str(commune_id))
    page.locator("#id_ship_street").fill(street)
    with navigates(page):
        page.get_by_role("button", name=re.compile("Lưu địa chỉ")).click()
    for option in deliveries:
        page.get_by_role("radio", name=re.compile(re.escape(option))).check()
    page.get_by_role("radio", name=payment).check()


def place_order(page: Page) -> None:
    page.locator("#id_privacy_consent").check()  # the privacy notice (Decree 13/2023)
    with navigates(page):
        page.get_by_role("button", name=re.compile("Đặt hàng")).click()


def sign_in(page: Page, username: str, password: str) -> None:
    goto(page, "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with navigates(page):
        page.locator("main").get_by_role("button", name=re.compile("Đăng nhập")).click()


def visit(page: Page, watch: PageWatch, label: str, *, axe: bool = False) -> None:
    """The checks every key page gets: one ``<h1>``, ``<main id="main">``, a skip link and
    a language; a screenshot; and an axe-core scan when asked."""
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main#main")).to_have_count(1)
    expect(page.locator("a[href='#main']").first).to_be_attached()
    assert page.get_attribute("html", "lang") in ("vi", "en")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:  # a phone must not scroll sideways
        watch.layout_errors.append(
            f"{label} ({page.url}): {overflow}px wider than the {page.viewport_size} viewport"
        )
    watch.shot(page, label)
    if axe:
        watch.axe(page, label)
