from __future__ import annotations

import pytest


@pytest.fixture
def shop(admin_units):
    from tests.factories.shops import ShopFactory

    return ShopFactory()


@pytest.fixture
def other_shop(admin_units):
    from tests.factories.shops import ShopFactory

    return ShopFactory()


@pytest.fixture
def owner(shop):
    from tests.factories.shops import ShopMembershipFactory

    return ShopMembershipFactory(shop=shop, role="owner").user


@pytest.fixture
def shop_staff(shop):
    from tests.factories.shops import ShopMembershipFactory

    return ShopMembershipFactory(shop=shop, role="staff").user


@pytest.fixture
def other_owner(other_shop):
    from tests.factories.shops import ShopMembershipFactory

    return ShopMembershipFactory(shop=other_shop, role="owner").user


@pytest.fixture
def other_sale_point_clerk(admin_units):
    from tests.factories.shops import SalePointMembershipFactory

    return SalePointMembershipFactory().user


@pytest.fixture
def product(shop):
    from tests.factories.shops import ProductFactory, VariantFactory

    product = ProductFactory(shop=shop)
    VariantFactory(product=product)
    return product


@pytest.fixture
def warehouse(shop):
    return shop.warehouses.get()
