from django.apps import AppConfig


class ShopsConfig(AppConfig):
    name = "shops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.errors import register_error_codes
        from marketplace.hooks import (
            account_deletion_blockers,
            account_erased,
            personal_data_export,
            shop_role,
        )

        from .errors import ShopsErrorCode
        from .selectors.dashboard import shop_membership_role
        from .selectors.privacy import follow_personal_data, shop_role_blockers
        from .services.privacy import account_follows_erase

        register_error_codes(ShopsErrorCode)
        # personal data (Decree 13/2023/NĐ-CP): download, deletion, erasure
        personal_data_export.connect(follow_personal_data)
        account_deletion_blockers.connect(shop_role_blockers)
        account_erased.connect(account_follows_erase)
        shop_role.connect(shop_membership_role)  # the audit log names a member's role
