"""A shop's people and what they may do: adding a registered account as staff, changing
a member's role and powers, removing a member, the refund threshold and the bank
account the shop is paid to.

Staff are managed by the owner or a staff member granted ``manage_staff``, who may only
grant the powers they hold themselves and may never touch an owner, nor their own
membership. A shop always keeps at least one owner."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace import services_audit as audit
from marketplace.data.banks import BANK_NAMES
from marketplace.models import AuditAction, Producer, User

from ..errors import ShopsErrorCode
from ..models import Shop, ShopMembership, ShopPower, staff_default_powers
from ..permissions import ALL_POWERS, ShopPowerRequired, require_shop_power

Role = ShopMembership.Role

BANK_FIELDS = ("bank_bin", "bank_name", "bank_account_number", "bank_account_name")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _owner_only(message: str) -> ShopPowerRequired:
    return ShopPowerRequired(message, power=ShopsErrorCode.OWNER_ONLY.value)


def _clean_powers(powers: Iterable[str], *, grantor: frozenset[str]) -> list[str]:
    """``powers`` as a sorted list of known powers; a staff grantor may only hand out the
    powers they hold (no one grants themselves more through someone else)."""
    wanted = {str(p) for p in powers}
    unknown = wanted - ALL_POWERS
    if unknown:
        raise _error(
            "powers",
            _("Quyền không hợp lệ: %(powers)s.") % {"powers": ", ".join(sorted(unknown))},
            "invalid_choice",
        )
    beyond = wanted - grantor
    if beyond:
        raise _owner_only(_("Bạn chỉ có thể cấp những quyền mà chính bạn đang có."))
    return sorted(wanted)


def _clean_role(role: str) -> str:
    if role not in Role.values:
        raise _error("role", _("Vai trò không hợp lệ."), "invalid_choice")
    return role


def _lock_owners(shop: Shop) -> list[int]:
    """The shop's owner memberships, locked (ordered by pk): two owners removing each
    other at once cannot leave the shop with none."""
    return list(
        ShopMembership.objects.select_for_update()
        .filter(shop=shop, role=Role.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def staff_add(
    *,
    actor: Any,
    shop: Shop,
    email: str,
    role: str = Role.STAFF,
    powers: Iterable[str] | None = None,
) -> ShopMembership:
    """Adds the registered account of ``email`` to ``shop`` (``powers`` defaults to what
    staff could always do: products, stock, orders, shipping). Only an owner adds an
    owner. ``no_account`` when nobody has signed up with that e-mail, ``already_member``
    for a member."""
    grantor = require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_STAFF)
    role = _clean_role(role)
    if role == Role.OWNER and _is_staff(actor, shop):
        raise _owner_only(_("Chỉ chủ gian hàng được thêm chủ gian hàng khác."))
    granted = _clean_powers(staff_default_powers() if powers is None else powers, grantor=grantor)
    user = _user_by_email(email)
    if user is None:
        raise _error(
            "email",
            _(
                "Chưa có tài khoản nào với e-mail này. Hãy nhờ người đó đăng ký tài khoản "
                "trước, rồi thêm lại."
            ),
            ShopsErrorCode.NO_ACCOUNT.value,
        )
    if ShopMembership.objects.filter(shop=shop, user=user).exists():
        raise _error(
            "email",
            _("Người này đã là thành viên của gian hàng."),
            ShopsErrorCode.ALREADY_MEMBER.value,
        )
    membership = ShopMembership.objects.create(shop=shop, user=user, role=role, powers=granted)
    audit.record(
        AuditAction.MEMBERSHIP_GRANT,
        actor=actor,
        target=membership,
        target_label=str(user),
        after={"user": user.pk, "role": role, "powers": granted},
    )
    return membership


@transaction.atomic
def staff_update(
    *, actor: Any, membership: ShopMembership, role: str, powers: Iterable[str]
) -> ShopMembership:
    """Sets a member's role and granted powers. Staff with ``manage_staff`` may change
    neither an owner, nor themselves, nor make an owner; the last owner stays owner
    (``last_owner``)."""
    shop = membership.shop
    grantor = require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_STAFF)
    role = _clean_role(role)
    actor_is_owner = not _is_staff(actor, shop)
    membership = ShopMembership.objects.select_for_update().get(pk=membership.pk)
    if not actor_is_owner:
        if membership.role == Role.OWNER or role == Role.OWNER:
            raise _owner_only(_("Chỉ chủ gian hàng được thay đổi vai trò chủ gian hàng."))
        if membership.user_id == actor.pk:
            raise _owner_only(_("Bạn không thể tự thay đổi quyền của mình."))
    granted = _clean_powers(powers, grantor=grantor)
    if membership.role == Role.OWNER and role != Role.OWNER:
        owners = _lock_owners(shop)
        if owners == [membership.pk]:
            raise _error(
                "role",
                _("Gian hàng cần ít nhất một chủ; hãy thêm chủ khác trước."),
                ShopsErrorCode.LAST_OWNER.value,
            )
    before = {"role": membership.role, "powers": list(membership.powers or [])}
    membership.role, membership.powers = role, granted
    membership.save(update_fields=["role", "powers"])
    audit.record(
        AuditAction.MEMBERSHIP_ROLE,
        actor=actor,
        target=membership,
        target_label=str(membership.user),
        before=before,
        after={"role": role, "powers": granted},
    )
    return membership


@transaction.atomic
def staff_remove(*, actor: Any, membership: ShopMembership) -> None:
    """Removes a member from the shop. Staff with ``manage_staff`` may not remove an owner
    nor themselves; the last owner cannot be removed (``last_owner``)."""
    shop = membership.shop
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_STAFF)
    actor_is_owner = not _is_staff(actor, shop)
    membership = ShopMembership.objects.select_for_update().get(pk=membership.pk)
    if not actor_is_owner and (membership.role == Role.OWNER or membership.user_id == actor.pk):
        raise _owner_only(_("Chỉ chủ gian hàng được xoá chủ gian hàng hoặc chính mình."))
    if membership.role == Role.OWNER and _lock_owners(shop) == [membership.pk]:
        raise _error(
            "role",
            _("Gian hàng cần ít nhất một chủ; không thể xoá chủ cuối cùng."),
            ShopsErrorCode.LAST_OWNER.value,
        )
    audit.record(
        AuditAction.MEMBERSHIP_REVOKE,
        actor=actor,
        target=membership,
        shop=shop,
        target_label=str(membership.user),
        before={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def shop_refund_threshold_update(*, actor: Any, shop: Shop, threshold: int | None) -> Shop:
    """The owner sets the shop's refund threshold (whole đồng; ``None``: the platform's
    default). Only an owner: it bounds what staff may refund."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_STAFF)
    if _is_staff(actor, shop):
        raise _owner_only(_("Chỉ chủ gian hàng được đổi ngưỡng hoàn tiền."))
    if threshold is not None and (
        not isinstance(threshold, int) or threshold < 0 or threshold > 10**12
    ):
        raise _error(
            "refund_threshold",
            _("Ngưỡng hoàn tiền phải là số đồng từ 0 đến 1.000.000.000.000."),
            "invalid_amount",
        )
    before = Shop.objects.filter(pk=shop.pk).values_list("refund_threshold", flat=True).get()
    Shop.objects.filter(pk=shop.pk).update(refund_threshold=threshold)
    shop.refund_threshold = threshold
    audit.record(
        AuditAction.SHOP_REFUND_THRESHOLD,
        actor=actor,
        target=shop,
        shop=shop,
        before={"refund_threshold": before},
        after={"refund_threshold": threshold},
    )
    return shop


@transaction.atomic
def shop_bank_details_update(*, actor: Any, shop: Shop, data: dict[str, Any]) -> Producer:
    """The bank account the shop's payouts go to (the producer's ``bank_*`` fields).
    Owner-only unless granted ``manage_bank_details``; checked like the payout file
    needs it (BIN of 6 digits, account number of letters and digits, the holder's
    name)."""
    require_shop_power(actor=actor, shop=shop, power=ShopPower.MANAGE_BANK_DETAILS)
    producer = Producer.objects.select_for_update().get(pk=shop.producer_id)
    bank_bin = str(data.get("bank_bin") or "").strip()
    number = re.sub(r"[\s.\-]", "", str(data.get("bank_account_number") or ""))
    name = " ".join(str(data.get("bank_account_name") or "").split())
    errors: dict[str, ValidationError] = {}
    if bank_bin not in BANK_NAMES:
        errors["bank_bin"] = ValidationError(
            _("Hãy chọn ngân hàng trong danh sách."), code="invalid_choice"
        )
    if not re.fullmatch(r"[0-9A-Za-z]{1,30}", number):
        errors["bank_account_number"] = ValidationError(
            _("Số tài khoản chỉ gồm chữ và số, tối đa 30 ký tự."), code="invalid"
        )
    if not name or len(name) > 150:
        errors["bank_account_name"] = ValidationError(
            _("Nhập tên chủ tài khoản (tối đa 150 ký tự)."), code="invalid"
        )
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(producer, BANK_FIELDS)
    producer.bank_bin, producer.bank_account_number, producer.bank_account_name = (
        bank_bin,
        number,
        name,
    )
    producer.bank_name = BANK_NAMES[bank_bin]
    producer.save(update_fields=[*BANK_FIELDS, "updated_at"])
    audit.record(
        AuditAction.SHOP_BANK_DETAILS,
        actor=actor,
        target=producer,
        shop=shop,
        before=before,
        after=audit.snapshot(producer, BANK_FIELDS),
    )
    return producer


def _is_staff(actor: Any, shop: Shop) -> bool:
    return (
        ShopMembership.objects.filter(user_id=actor.pk, shop=shop).exclude(role=Role.OWNER).exists()
    )


def _user_by_email(email: str) -> User | None:
    email = (email or "").strip()
    return User.objects.filter(email__iexact=email).first() if email else None
