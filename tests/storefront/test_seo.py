"""SEO: sitemap.xml, robots.txt, canonical and hreflang links, and the JSON-LD filter."""

from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template

from shops.models import Product
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory

XHTML = 'xhtml:link rel="alternate" hreflang="{lang}" href="http://testserver{path}"'


@pytest.fixture
def listed(shop):
    product = ProductFactory(shop=shop, slug="nuoc-mam-nhi")
    VariantFactory(product=product)
    ProductFactory(shop=shop, slug="ban-nhap", status=Product.Status.DRAFT)
    closed = ShopFactory(slug="da-dong", is_active=False)
    ProductFactory(shop=closed, slug="cua-shop-dong")
    return product


def _urls(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_sitemap_lists_storefront_pages_in_both_languages(client, listed, shop):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    locs = _urls(xml)
    for path in (
        "/",
        "/products/",
        "/shops/",
        f"/shops/{shop.slug}/",
        "/products/nuoc-mam-nhi/",
        "/trace/nuoc-mam-nhi/",
    ):
        assert f"http://testserver{path}" in locs
        assert f"http://testserver/en{path}" in locs
    # not for sale: drafts and products or pages of an inactive shop
    for hidden in ("ban-nhap", "cua-shop-dong", "da-dong"):
        assert hidden not in xml
    # each URL carries its alternates and x-default (the Vietnamese page)
    assert XHTML.format(lang="vi", path="/products/nuoc-mam-nhi/") in xml
    assert XHTML.format(lang="en", path="/en/products/nuoc-mam-nhi/") in xml
    assert XHTML.format(lang="x-default", path="/products/nuoc-mam-nhi/") in xml
    assert "<lastmod>" in xml


def test_sitemap_query_count_does_not_grow_with_products(
    client, listed, shop, django_assert_max_num_queries
):
    for n in range(20):
        ProductFactory(shop=shop, slug=f"p-{n}")
    with django_assert_max_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for path in (
        "/dashboard/",
        "/office/",
        "/admin/",
        "/cart/",
        "/checkout/",
        "/account/",
        "/graphql/",
    ):
        assert f"Disallow: {path}" in lines
        assert f"Disallow: /en{path}" in lines
    assert "Disallow: /products/" not in lines
    assert "Disallow: /shops/" not in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"


@pytest.mark.parametrize(("path", "lang"), [("/", "vi"), ("/en/", "en")])
def test_home_canonical_and_hreflang(client, admin_units, path, lang):
    html = client.get(path + "?utm_source=zalo&fbclid=x").content.decode()

    assert f'<html lang="{lang}">' in html
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/">' in html
    assert f'<meta property="og:url" content="http://testserver{path}">' in html
    assert f'<meta property="og:locale" content="{"en_US" if lang == "en" else "vi_VN"}">' in html
    assert '<meta name="description" content="' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "utm_source" not in html.split("</head>")[0].replace('name="next"', "")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_shop_page_canonical_and_hreflang(client, shop, prefix):
    html = client.get(
        f"{prefix}/shops/{shop.slug}/?utm_campaign=live&sort=price_asc"
    ).content.decode()

    assert f'<link rel="canonical" href="http://testserver{prefix}/shops/{shop.slug}/">' in html
    assert '<meta name="robots" content="noindex,follow">' in html  # a re-sorted copy of the page
    assert (
        f'<link rel="alternate" hreflang="vi" href="http://testserver/shops/{shop.slug}/">' in html
    )
    assert (
        f'<link rel="alternate" hreflang="en" href="http://testserver/en/shops/{shop.slug}/">'
        in html
    )
    assert (
        f'<link rel="alternate" hreflang="x-default" href="http://testserver/shops/{shop.slug}/">'
        in html
    )
    assert f'<meta property="og:title" content="{shop.name}">' in html


def test_json_ld_filter_escapes_script_end():
    data = {
        "@type": "Product",
        "name": "Mắm </script><script>alert(1)</script> & <!--",
        "price": 90000,
    }

    html = Template("{% load ocop %}{{ data|json_ld }}").render(Context({"data": data}))

    assert html.startswith('<script type="application/ld+json">{')
    assert html.endswith("}</script>")
    body = html[len('<script type="application/ld+json">') : -len("</script>")]
    assert not set("<>&") & set(body)
    assert json.loads(body) == data
    assert Template("{% load ocop %}{{ data|json_ld }}").render(Context({"data": {}})) == ""
