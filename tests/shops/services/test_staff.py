"""A shop's people and powers (shops/services/staff.py, shops/permissions.py): who may add,
change and remove members, the powers a staff member may hand out, the last owner, the
refund threshold, the bank account payouts go to and the shop profile. Every refusal
leaves the memberships and the shop as they were."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from marketplace.errors import Forbidden
from shops.models import Shop, ShopMembership
from shops.permissions import ShopPowerRequired, member_powers, require_shop_power
from shops.services import catalogue
from shops.services import staff as staff_services
from tests.factories.marketplace import UserFactory
from tests.factories.shops import ShopMembershipFactory

DEFAULT = ["manage_orders", "manage_products", "manage_shipping", "manage_stock"]


def members(shop: Shop) -> list[tuple[int, str, list[str]]]:
    return list(
        ShopMembership.objects.filter(shop=shop)
        .order_by("pk")
        .values_list("user_id", "role", "powers")
    )


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


@pytest.fixture
def manager(shop):
    """A staff member granted manage_staff and refund (and the defaults)."""
    return ShopMembershipFactory(
        shop=shop, role="staff", powers=[*DEFAULT, "manage_staff", "refund"]
    ).user


# --- The permission helper -----------------------------------------------------------------


def test_powers_of_each_actor(shop, owner, shop_staff, other_owner, customer):
    assert "manage_bank_details" in member_powers(actor=owner, shop=shop)
    assert sorted(member_powers(actor=shop_staff, shop=shop)) == DEFAULT
    assert member_powers(actor=other_owner, shop=shop) == frozenset()
    assert member_powers(actor=customer, shop=shop) == frozenset()
    with pytest.raises(Forbidden) as exc:
        require_shop_power(actor=other_owner, shop=shop, power="manage_products")
    assert not isinstance(exc.value, ShopPowerRequired)  # says nothing about powers
    with pytest.raises(ShopPowerRequired):
        require_shop_power(actor=shop_staff, shop=shop, power="manage_bank_details")


# --- Adding, changing, removing members ------------------------------------------------------


def test_owner_adds_staff_with_the_default_powers(shop, owner):
    person = UserFactory(email="nv.moi@example.vn")
    added = staff_services.staff_add(actor=owner, shop=shop, email="NV.Moi@example.vn")
    assert (added.user, added.role, sorted(added.powers)) == (person, "staff", DEFAULT)


def test_adding_needs_an_account_and_a_non_member(shop, owner, shop_staff):
    before = members(shop)
    with pytest.raises(ValidationError) as exc:
        staff_services.staff_add(actor=owner, shop=shop, email="chua-co@example.vn")
    assert codes(exc.value) == {"email": ["no_account"]}
    with pytest.raises(ValidationError) as exc:
        staff_services.staff_add(actor=owner, shop=shop, email=shop_staff.email)
    assert codes(exc.value) == {"email": ["already_member"]}
    with pytest.raises(ValidationError) as exc:
        staff_services.staff_add(
            actor=owner, shop=shop, email=UserFactory().email, powers=["print_money"]
        )
    assert codes(exc.value) == {"powers": ["invalid_choice"]}
    assert members(shop) == before


@pytest.mark.parametrize("who", ["shop_staff", "other_owner", "customer"])
def test_only_the_owner_or_manage_staff_manage_members(request, shop, owner, who):
    actor = request.getfixturevalue(who)
    target = ShopMembership.objects.get(shop=shop, user=owner)
    before = members(shop)
    with pytest.raises(Forbidden):
        staff_services.staff_add(actor=actor, shop=shop, email=UserFactory().email)
    with pytest.raises(Forbidden):
        staff_services.staff_update(actor=actor, membership=target, role="staff", powers=[])
    with pytest.raises(Forbidden):
        staff_services.staff_remove(actor=actor, membership=target)
    assert members(shop) == before


def test_manage_staff_grants_only_the_powers_it_holds(shop, owner, manager, shop_staff):
    target = ShopMembership.objects.get(shop=shop, user=shop_staff)
    staff_services.staff_update(
        actor=manager, membership=target, role="staff", powers=["manage_orders", "refund"]
    )
    assert ShopMembership.objects.get(pk=target.pk).powers == ["manage_orders", "refund"]
    before = members(shop)
    with pytest.raises(ShopPowerRequired) as exc:
        staff_services.staff_update(
            actor=manager, membership=target, role="staff", powers=["refund_any"]
        )
    assert exc.value.power == "owner_only"
    with pytest.raises(ShopPowerRequired):
        staff_services.staff_add(
            actor=manager, shop=shop, email=UserFactory().email, powers=["mark_cash_paid"]
        )
    assert members(shop) == before


def test_manage_staff_never_touches_an_owner_nor_itself(shop, owner, manager, shop_staff):
    owner_row = ShopMembership.objects.get(shop=shop, user=owner)
    own_row = ShopMembership.objects.get(shop=shop, user=manager)
    staff_row = ShopMembership.objects.get(shop=shop, user=shop_staff)
    before = members(shop)
    for call in (
        lambda: staff_services.staff_update(
            actor=manager, membership=owner_row, role="staff", powers=[]
        ),
        lambda: staff_services.staff_remove(actor=manager, membership=owner_row),
        lambda: staff_services.staff_update(
            actor=manager, membership=staff_row, role="owner", powers=[]
        ),
        lambda: staff_services.staff_add(
            actor=manager, shop=shop, email=UserFactory().email, role="owner", powers=[]
        ),
        lambda: staff_services.staff_update(
            actor=manager, membership=own_row, role="staff", powers=[*DEFAULT, "manage_staff"]
        ),
        lambda: staff_services.shop_refund_threshold_update(
            actor=manager, shop=shop, threshold=10**9
        ),
    ):
        with pytest.raises(ShopPowerRequired):
            call()
    assert members(shop) == before
    staff_services.staff_remove(actor=manager, membership=staff_row)
    assert not ShopMembership.objects.filter(pk=staff_row.pk).exists()


def test_the_last_owner_stays(shop, owner):
    row = ShopMembership.objects.get(shop=shop, user=owner)
    before = members(shop)
    with pytest.raises(ValidationError) as exc:
        staff_services.staff_update(actor=owner, membership=row, role="staff", powers=[])
    assert codes(exc.value) == {"role": ["last_owner"]}
    with pytest.raises(ValidationError) as exc:
        staff_services.staff_remove(actor=owner, membership=row)
    assert codes(exc.value) == {"role": ["last_owner"]}
    assert members(shop) == before


def test_an_owner_hands_over_to_another_owner(shop, owner, shop_staff):
    staff_row = ShopMembership.objects.get(shop=shop, user=shop_staff)
    staff_services.staff_update(actor=owner, membership=staff_row, role="owner", powers=[])
    own_row = ShopMembership.objects.get(shop=shop, user=owner)
    staff_services.staff_update(actor=owner, membership=own_row, role="staff", powers=DEFAULT)
    assert {uid: role for uid, role, _p in members(shop)} == {
        owner.pk: "staff",
        shop_staff.pk: "owner",
    }
    assert "refund_any" in member_powers(actor=shop_staff, shop=shop)
    assert "refund" not in member_powers(actor=owner, shop=shop)


# --- Refund threshold, bank account, shop profile -------------------------------------------------


def test_refund_threshold_is_the_owners(shop, owner, shop_staff):
    staff_services.shop_refund_threshold_update(actor=owner, shop=shop, threshold=500_000)
    assert Shop.objects.get(pk=shop.pk).refund_threshold == 500_000
    with pytest.raises(ValidationError) as exc:
        staff_services.shop_refund_threshold_update(actor=owner, shop=shop, threshold=-1)
    assert codes(exc.value) == {"refund_threshold": ["invalid_amount"]}
    with pytest.raises(ShopPowerRequired):
        staff_services.shop_refund_threshold_update(actor=shop_staff, shop=shop, threshold=0)
    assert Shop.objects.get(pk=shop.pk).refund_threshold == 500_000


BANK = {
    "bank_bin": "970418",
    "bank_name": "BIDV",
    "bank_account_number": "1234.5678 90",
    "bank_account_name": "Nguyễn  Văn An",
}


def bank(shop: Shop) -> tuple[str, str, str, str]:
    producer = type(shop.producer).objects.get(pk=shop.producer_id)
    return (
        producer.bank_bin,
        producer.bank_name,
        producer.bank_account_number,
        producer.bank_account_name,
    )


@pytest.mark.parametrize("who", ["owner", "granted"])
def test_owner_and_granted_staff_change_the_bank_account(request, shop, who):
    actor = (
        ShopMembershipFactory(shop=shop, role="staff", powers=["manage_bank_details"]).user
        if who == "granted"
        else request.getfixturevalue(who)
    )
    staff_services.shop_bank_details_update(actor=actor, shop=shop, data=BANK)
    assert bank(shop) == ("970418", "BIDV", "1234567890", "Nguyễn Văn An")


def test_staff_and_others_may_not_change_the_bank_account(shop, shop_staff, other_owner):
    """Reproduces the finding: payouts could be redirected by anyone of the shop."""
    before = bank(shop)
    with pytest.raises(ShopPowerRequired) as exc:
        staff_services.shop_bank_details_update(actor=shop_staff, shop=shop, data=BANK)
    assert exc.value.power == "manage_bank_details"
    with pytest.raises(Forbidden):
        staff_services.shop_bank_details_update(actor=other_owner, shop=shop, data=BANK)
    assert bank(shop) == before


def test_a_bad_bank_account_saves_nothing(shop, owner):
    before = bank(shop)
    with pytest.raises(ValidationError) as exc:
        staff_services.shop_bank_details_update(
            actor=owner,
            shop=shop,
            data={**BANK, "bank_bin": "97041", "bank_account_number": "12/34"},
        )
    assert codes(exc.value) == {
        "bank_bin": ["invalid_choice"],
        "bank_account_number": ["invalid"],
    }
    assert bank(shop) == before


def test_shop_profile_is_the_owners_unless_granted(shop, owner, shop_staff, other_owner):
    """Reproduces the finding: any staff member rewrote the shop's name, logo and story."""
    with pytest.raises(ShopPowerRequired) as exc:
        catalogue.shop_profile_update(actor=shop_staff, shop=shop, data={"name": "Đổi tên"})
    assert exc.value.power == "manage_shop_profile"
    with pytest.raises(Forbidden):
        catalogue.shop_profile_update(actor=other_owner, shop=shop, data={"name": "Đổi tên"})
    assert Shop.objects.get(pk=shop.pk).name != "Đổi tên"
    ShopMembership.objects.filter(user=shop_staff).update(powers=["manage_shop_profile"])
    catalogue.shop_profile_update(actor=shop_staff, shop=shop, data={"name": "Đổi tên"})
    assert Shop.objects.get(pk=shop.pk).name == "Đổi tên"


def test_revoking_manage_products_stops_catalogue_writes(shop, product, shop_staff):
    ShopMembership.objects.filter(user=shop_staff).update(powers=["manage_orders"])
    with pytest.raises(ShopPowerRequired):
        catalogue.product_update(actor=shop_staff, product=product, data={"name_vi": "Khác"})
    product.refresh_from_db()
    assert product.name_vi != "Khác"
