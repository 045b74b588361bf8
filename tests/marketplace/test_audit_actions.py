"""Each staff action on money, stock, certificates and permissions writes exactly one
audit entry with the changed fields and where it came from (through the pages, with the
test client's ``REMOTE_ADDR``; services without a page run inside a request context).
A refused or rolled-back action writes none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse

from marketplace import services as core_services
from marketplace import services_audit as audit
from marketplace import services_roles
from marketplace.audit_context import AuditSource, audit_source
from marketplace.errors import Forbidden
from marketplace.models import AuditAction, AuditEntry, OcopCertificate, Producer, ProductGroup
from orders.models import BankTransaction, LedgerEntry, PayoutBatch
from orders.services import fulfilment, ledger
from shops.models import ShopMembership, StockLocation, StockMovement
from shops.services import membership_admin, onboarding, stock
from tests.factories.marketplace import ProducerFactory, UserFactory
from tests.factories.orders import placed_order
from tests.factories.shops import SalePointFactory
from tests.orders.builders import sellable
from tests.orders.fulfilment_helpers import first
from tests.orders.ledger_helpers import available_now, give_bank_details
from tests.shops.graphql.producer_helpers import STOCKS_UPDATE
from tests.support.graphql import gid, gql, token_for

IP = "198.51.100.23"
WHERE = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": "Mozilla/5.0 (audit test)"}
A = AuditAction


def only(action: str) -> AuditEntry:
    """The one entry of ``action`` (fails when there are none or several)."""
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [e.action for e in AuditEntry.objects.all()]
    return entries[0]


def from_page(entry: AuditEntry, path: str) -> None:
    assert entry.ip == IP
    assert entry.user_agent == "Mozilla/5.0 (audit test)"
    assert entry.path == path
    assert entry.request_id


@pytest.fixture
def variant(shop):
    return sellable(shop, price=100_000, stock=10)


@pytest.fixture
def so(shop, variant, customer):
    order = placed_order([(shop, [(variant, 2)])], user=customer, email="an@example.vn")
    return first(order)


def dash(name: str, shop, *args) -> str:
    return reverse(f"orders_dashboard:{name}", args=[shop.slug, *args])


# --- Money ---------------------------------------------------------------------------------


def test_cash_paid_and_refund_from_the_dashboard(client, shop, owner, so):
    fulfilment.shop_order_confirm(actor=owner, shop_order=so)
    fulfilment.shop_order_pack(actor=owner, shop_order=so)
    fulfilment.shop_order_ship(actor=owner, shop_order=so, carrier="GHN", tracking_number="G1")
    fulfilment.shop_order_deliver(actor=owner, shop_order=so)
    client.force_login(owner)

    paid_url = dash("order_mark_paid", shop, so.number)
    refund_url = dash("order_refund", shop, so.number)
    assert client.post(paid_url, **WHERE).status_code == 302
    assert (
        client.post(refund_url, {"amount": "20.000", "reason": "Giao trễ"}, **WHERE).status_code
        == 302
    )

    paid = only(A.ORDER_CASH_PAID)
    assert (paid.actor, paid.actor_role, paid.shop, paid.shop_label) == (
        owner,
        "owner",
        shop,
        shop.name,
    )
    assert (paid.target_type, paid.target_id, paid.target_label) == (
        "orders.shoporder",
        str(so.pk),
        so.number,
    )
    assert paid.before == {"is_paid": False}
    assert paid.after == {"is_paid": True, "amount": so.total}
    from_page(paid, paid_url)
    refund = only(A.ORDER_REFUND)
    assert refund.before == {"amount_refunded": 0}
    assert refund.after == {
        "amount_refunded": 20_000,
        "refund": 20_000,
        "method": "cod",
        "reason": "Giao trễ",
    }
    from_page(refund, refund_url)
    assert AuditEntry.objects.count() == 2
    assert list(audit.audit_chain_verify()) == []  # the stored rows give their hashes back


def test_cancel_by_the_shop_records_the_released_hold(client, shop, shop_staff, so):
    client.force_login(shop_staff)
    url = dash("order_cancel", shop, so.number)

    assert client.post(url, {"reason": "Hết hàng"}, **WHERE).status_code == 302

    entry = only(A.ORDER_CANCEL)
    assert entry.actor_role == "staff"
    assert entry.before == {"status": "unfulfilled"}
    assert entry.after == {"status": "cancelled", "reason": "Hết hàng", "released": 1}
    from_page(entry, url)


def test_ledger_adjustment_by_the_office(client, ocop_office, shop):
    client.force_login(ocop_office)
    url = reverse("orders_office:ledger_adjust")

    client.post(url, {"shop": shop.pk, "amount": "-15.000", "description": "Phí tem"}, **WHERE)

    entry = only(A.LEDGER_ADJUST)
    assert entry.target_id == str(LedgerEntry.objects.get(kind="adjustment").pk)
    assert (entry.actor_role, entry.shop) == ("office", shop)
    assert entry.after == {"amount": -15_000, "description": "Phí tem"}
    from_page(entry, url)


def test_payout_batch_create_export_paid(client, ocop_office, shop):
    give_bank_details(shop)
    available_now(shop, 100_000)
    client.force_login(ocop_office)

    client.post(reverse("orders_office:payout_create"), {"min_amount": "0"}, **WHERE)
    batch = PayoutBatch.objects.get()
    csv_url = reverse("orders_office:payout_csv", args=[batch.pk])
    assert client.post(csv_url, **WHERE).status_code == 200
    client.post(reverse("orders_office:payout_mark_paid", args=[batch.pk]), **WHERE)

    created = only(A.PAYOUT_CREATE)
    assert created.after == {"total": 100_000, "payouts": 1, "skipped": 0}
    assert created.target_label == batch.reference
    exported = only(A.PAYOUT_EXPORT)
    assert (exported.before, exported.after) == (
        {"status": "draft"},
        {"status": "exported", "total": 100_000},
    )
    from_page(exported, csv_url)
    assert only(A.PAYOUT_PAID).after == {"status": "paid", "total": 100_000}


def test_payout_batch_cancel(ocop_office, shop):
    give_bank_details(shop)
    available_now(shop, 50_000)
    batch = ledger.payout_batch_create(actor=ocop_office)

    ledger.payout_batch_cancel(actor=ocop_office, batch=batch)

    assert only(A.PAYOUT_CANCEL).before == {"status": "draft"}


def test_commission_rule_set_and_delete(ocop_office, shop, admin_units):
    group = ProductGroup.objects.filter(criteria_version="148/2023").first()
    rule = ledger.commission_rule_set(actor=ocop_office, shop=shop, rate_bp=500)
    ledger.commission_rule_set(actor=ocop_office, shop=shop, rate_bp=300)
    ledger.commission_rule_delete(actor=ocop_office, rule=rule)
    ledger.commission_rule_set(actor=ocop_office, product_group=group, rate_bp=700)

    first_set, changed, group_set = AuditEntry.objects.filter(action=A.COMMISSION_SET).order_by(
        "pk"
    )
    assert (first_set.before, first_set.after) == ({}, {"rate_bp": 500, "product_group": None})
    assert (changed.before, changed.after) == ({"rate_bp": 500}, {"rate_bp": 300})
    assert group_set.after == {"rate_bp": 700, "product_group": group.pk}
    assert group_set.shop is None
    assert only(A.COMMISSION_DELETE).before == {"rate_bp": 300, "product_group": None}


def test_bank_transfer_review_by_the_office(client, ocop_office):
    transfer = BankTransaction.objects.create(
        transaction_id="77", amount=50_000, content="ck", needs_review=True
    )
    client.force_login(ocop_office)
    url = reverse("orders_office:bank_transaction_review", args=[transfer.pk])

    client.post(url, {"note": "Đã hoàn cho khách"}, **WHERE)

    entry = only(A.BANK_TRANSFER_REVIEW)
    assert entry.before == {"needs_review": True}
    assert entry.after == {
        "needs_review": False,
        "match": "unmatched",
        "order": None,
        "note": "Đã hoàn cho khách",
    }
    from_page(entry, url)


def test_bank_details_are_recorded_masked_apart_from_the_rest(ocop_office, shop):
    give_bank_details(shop)
    producer = Producer.objects.get(pk=shop.producer_id)
    producer.bank_account_number = "0071001999888"
    producer.phone = "0912000111"
    source = AuditSource(ip="203.0.113.9", path="/admin/marketplace/producer/1/change/")

    with audit_source(source):
        core_services.producer_save(actor=ocop_office, producer=producer)

    bank = only(A.SHOP_BANK_DETAILS)
    assert bank.before == {"bank_account_number": "***********4567"}  # "0071 0012 34567"
    assert bank.after == {"bank_account_number": "*********9888"}
    assert (bank.shop, bank.ip) == (shop, "203.0.113.9")
    rest = only(A.PRODUCER_UPDATE)
    assert list(rest.after) == ["phone"]
    assert "bank_account_number" not in rest.after


# --- Stock ---------------------------------------------------------------------------------


def test_stock_adjustment_from_the_dashboard(client, shop, owner, variant, warehouse):
    client.force_login(owner)
    url = reverse("shops:stock_adjust", args=[shop.slug])
    data = {
        "variant": variant.pk,
        "location": warehouse.pk,
        "delta": "-3",
        "reason": StockMovement.Reason.DAMAGE,
        "note": "Vỡ",
    }

    client.post(url, data, **WHERE)

    entry = only(A.STOCK_ADJUST)
    assert (entry.actor_role, entry.shop) == ("owner", shop)
    assert entry.before == {"quantity": 10}
    assert entry.after == {"quantity": 7, "reason": "damage", "note": "Vỡ"}
    from_page(entry, url)


def test_stock_count_through_graphql_names_the_operation(client, shop_staff, variant, warehouse):
    answer = gql(
        client,
        STOCKS_UPDATE,
        {
            "sku": variant.sku,
            "stocks": [{"warehouse": gid("Warehouse", warehouse.pk), "quantity": 4}],
        },
        token=token_for(shop_staff),
        **WHERE,
        HTTP_X_REQUEST_ID="req-77",
    )

    assert answer["data"]["productVariantStocksUpdate"]["errors"] == []
    entry = only(A.STOCK_SET)
    assert (entry.actor, entry.actor_role) == (shop_staff, "staff")
    assert (entry.before, entry.after["quantity"]) == ({"quantity": 10}, 4)
    assert (entry.ip, entry.path, entry.request_id) == (IP, "/graphql/ StocksUpdate", "req-77")
    assert list(audit.audit_chain_verify()) == []


def test_stock_count_and_consignment(owner, shop, variant, warehouse):
    destination = StockLocation.objects.get(sale_point=SalePointFactory())

    stock.stock_set(actor=owner, variant=variant, location=warehouse, quantity=12, note="kiểm kê")
    stock.stock_set(actor=owner, variant=variant, location=warehouse, quantity=12)  # no change
    transfer = stock.consignment_send(
        actor=owner, shop=shop, destination=destination, lines=[{"variant": variant, "quantity": 5}]
    )

    counted = only(A.STOCK_SET)
    assert (counted.before, counted.after["quantity"]) == ({"quantity": 10}, 12)
    sent = only(A.CONSIGNMENT_SEND)
    assert sent.target_id == str(transfer.pk)
    assert sent.after["lines"] == [{"variant": variant.pk, "quantity": 5}]
    assert not AuditEntry.objects.filter(action=A.STOCK_ADJUST).exists()  # one per action


# --- Certificates --------------------------------------------------------------------------


def test_certificate_issue_renew_revoke(client, ocop_office, product, certificate_form):
    client.force_login(ocop_office)
    add_url = reverse("admin:marketplace_ocopcertificate_add")

    client.post(add_url, certificate_form, **WHERE)
    cert = OcopCertificate.objects.get()
    client.post(
        reverse("admin:marketplace_ocopcertificate_change", args=[cert.pk]),
        {**certificate_form, "decision_date": "2025-01-31"},
        **WHERE,
    )
    core_services.certificate_revoke(actor=ocop_office, certificate=cert)

    issued = only(A.CERTIFICATE_ISSUE)
    assert issued.shop == product.shop
    assert issued.after["stars"] == 4
    assert issued.after["valid_until"] == "2027-02-28"
    assert issued.after["products"] == [product.pk]
    from_page(issued, add_url)
    renewed = only(A.CERTIFICATE_UPDATE)
    assert renewed.before == {"decision_date": "2024-02-29", "valid_until": "2027-02-28"}
    assert renewed.after == {"decision_date": "2025-01-31", "valid_until": "2028-01-31"}
    revoked = only(A.CERTIFICATE_REVOKE)
    assert revoked.before == {"revoked_at": None}
    cert.refresh_from_db()
    assert revoked.after == {"revoked_at": DjangoJSONEncoder().default(cert.revoked_at)}


def test_producer_approval_records_the_decision_and_the_owner(client, ocop_office, admin_units):
    applicant = UserFactory(username="applicant")
    producer = ProducerFactory(status=Producer.Status.APPLIED, applicant=applicant)
    client.force_login(ocop_office)
    url = reverse("admin:marketplace_producer_changelist")

    client.post(url, {"action": "approve", "_selected_action": [producer.pk]}, **WHERE)

    approved = only(A.PRODUCER_APPROVE)
    assert (approved.before, approved.after) == (
        {"status": "applied"},
        {"status": "approved", "note": ""},
    )
    from_page(approved, url)
    granted = only(A.MEMBERSHIP_GRANT)
    assert granted.after == {"user": applicant.pk, "role": "owner"}
    assert granted.shop == approved.shop


def test_producer_reject_and_suspend(ocop_office, shop, admin_units):
    applied = ProducerFactory(status=Producer.Status.APPLIED)
    core_services.producer_reject(actor=ocop_office, producer=applied, reason="Thiếu giấy")
    onboarding.producer_suspend(actor=ocop_office, producer=shop.producer, note="Vi phạm")

    assert only(A.PRODUCER_REJECT).after == {"status": "rejected", "note": "Thiếu giấy"}
    suspended = only(A.PRODUCER_SUSPEND)
    assert (suspended.shop, suspended.after["status"]) == (shop, "suspended")


# --- Permissions ---------------------------------------------------------------------------


def test_membership_grant_role_change_and_removal(ocop_office, shop):
    member = UserFactory(username="nv2")
    membership = membership_admin.shop_membership_save(
        actor=ocop_office, membership=ShopMembership(user=member, shop=shop, role="staff")
    )
    membership.role = ShopMembership.Role.OWNER
    membership_admin.shop_membership_save(actor=ocop_office, membership=membership)
    membership_admin.shop_membership_remove(actor=ocop_office, membership=membership)

    assert only(A.MEMBERSHIP_GRANT).after == {"user": member.pk, "role": "staff"}
    role = only(A.MEMBERSHIP_ROLE)
    assert (role.before, role.after, role.shop) == ({"role": "staff"}, {"role": "owner"}, shop)
    assert only(A.MEMBERSHIP_REVOKE).before == {"user": member.pk, "role": "owner"}
    assert not ShopMembership.objects.filter(user=member).exists()


def test_membership_changes_are_office_only(owner, shop):
    with pytest.raises(Forbidden):
        membership_admin.shop_membership_save(
            actor=owner, membership=ShopMembership(user=UserFactory(), shop=shop)
        )
    assert not AuditEntry.objects.exists()


def test_office_flag_change_is_recorded(ocop_office):
    clerk = UserFactory(username="clerk")
    clerk.is_ocop_office = True
    clerk.is_staff = True

    services_roles.user_admin_save(actor=ocop_office, user=clerk)
    clerk.full_name = "Chị Lan"
    services_roles.user_admin_save(actor=ocop_office, user=clerk)  # no role change

    entry = only(A.USER_ROLES)
    assert (entry.before, entry.after) == (
        {"is_staff": False, "is_ocop_office": False},
        {"is_staff": True, "is_ocop_office": True},
    )


# --- Refused and rolled back ---------------------------------------------------------------


def test_a_refused_action_writes_nothing(client, customer, owner, shop):
    client.force_login(customer)
    client.post(
        reverse("orders_office:ledger_adjust"),
        {"shop": shop.pk, "amount": "5000", "description": "x"},
        **WHERE,
    )
    with pytest.raises(Forbidden):
        ledger.ledger_adjust(actor=owner, shop=shop, amount=5_000, description="x")
    with pytest.raises(ValidationError):
        ledger.ledger_adjust(
            actor=UserFactory(is_ocop_office=True), shop=shop, amount=0, description="x"
        )

    assert not AuditEntry.objects.exists()


def test_an_action_rolled_back_with_its_caller_leaves_no_entry(ocop_office, shop):
    def adjust_then_fail() -> None:
        with transaction.atomic():
            ledger.ledger_adjust(actor=ocop_office, shop=shop, amount=5_000, description="x")
            raise RuntimeError("the caller fails after the action")

    with pytest.raises(RuntimeError):
        adjust_then_fail()

    assert not LedgerEntry.objects.exists()
    assert not AuditEntry.objects.exists()
