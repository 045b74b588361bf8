from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from marketplace.errors import register_error_codes
        from marketplace.hooks import (
            account_deletion_blockers,
            account_erased,
            personal_data_export,
            shop_opened,
            variant_order_references,
        )

        from .errors import OrdersErrorCode
        from .selectors.privacy import order_personal_data, orders_in_progress_blockers
        from .selectors.references import order_variant_references
        from .services.privacy import account_orders_data_erase
        from .services.shipping import shipping_defaults_create
        from .signals import checkout_merge_at_login

        user_logged_in.connect(
            checkout_merge_at_login, dispatch_uid="orders.checkout_merge_at_login"
        )
        shop_opened.connect(shipping_defaults_create)  # a newly approved shop can sell at once
        register_error_codes(OrdersErrorCode)
        variant_order_references.connect(order_variant_references)
        # personal data (Decree 13/2023/NĐ-CP): download, deletion, erasure
        personal_data_export.connect(order_personal_data)
        account_deletion_blockers.connect(orders_in_progress_blockers)
        account_erased.connect(account_orders_data_erase)
