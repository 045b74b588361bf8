import pytest
from shops import selectors
from shops.models import Product
from shops.services import catalogue
from tests.factories.shops import ProductFactory, VariantFactory

def test_sku_search(shop, owner):
    p = ProductFactory(shop=shop, name_vi="Mè xửng")
    VariantFactory(product=p, sku="ME-200", price=50_000)
    VariantFactory(product=p, sku="ME-500", price=110_000)
    rows = list(selectors.dashboard_product_list(shop=shop, query="ME-500"))
    print([(r.variant_count, r.min_price, r.max_price) for r in rows])
    print(str(selectors.dashboard_product_list(shop=shop, query="ME-500").query))

def test_variant_update_internal(shop, owner):
    p = ProductFactory(shop=shop)
    v = catalogue.variant_create(actor=owner, product=p, data={"sku": "A1", "price": 10, "barcode": ""})
    print(v.barcode, v.barcode_is_internal)
    v = catalogue.variant_update(actor=owner, variant=v, data={"sku": "A1", "price": 12, "barcode": ""})
    v.refresh_from_db()
    print(repr(v.barcode), v.barcode_is_internal)
