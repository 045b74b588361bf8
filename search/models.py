"""The database search backend's own index (``search.backends.database``) and the
tombstones the index sync uses for deleted products.

The index tables mirror the Elasticsearch documents (``search.documents``): they are
written only by ``search.backends.database.write``/``rebuild``, never by the catalogue,
so the database backend answers from indexed data exactly like Elasticsearch does."""

from __future__ import annotations

from django.db import models


class ProductSearchEntry(models.Model):
    """One indexed product. The ``*_terms``/``*_folded`` text columns hold the analysed
    field: its tokens separated by single spaces, with a space before the first and after
    the last, so ``contains(" word ")`` is an exact token match (what a match query on an
    analysed Elasticsearch field does)."""

    product = models.OneToOneField(
        "shops.Product", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    slug = models.CharField(max_length=220)
    name_vi = models.CharField(max_length=200)
    shop_name = models.CharField(max_length=200)
    shop_slug = models.CharField(max_length=220, db_index=True)
    # Analysed text (see the class docstring).
    name_vi_terms = models.TextField()  # name_vi lowercased, diacritics kept
    name_folded = models.TextField()  # name_vi + name_en folded
    shop_name_folded = models.TextField()
    description_folded = models.TextField()
    # Token counts of the analysed fields (BM25 length normalisation).
    name_vi_length = models.PositiveIntegerField(default=0)
    name_length = models.PositiveIntegerField(default=0)
    shop_name_length = models.PositiveIntegerField(default=0)
    description_length = models.PositiveIntegerField(default=0)
    # Autocomplete: the folded product / shop name tokens (first 50 characters, like the
    # completion suggester's max_input_length) and the suggester weight.
    name_prefix = models.CharField(max_length=60)
    shop_prefix = models.CharField(max_length=60)
    suggest_weight = models.PositiveIntegerField(default=1)
    # Write order (grows with every write): Lucene breaks suggester ties by document
    # order, which is the order documents were (re)indexed.
    index_order = models.BigIntegerField(default=0, db_index=True)

    producer_type = models.CharField(max_length=20, db_index=True)
    group = models.CharField(max_length=60, db_index=True)
    district = models.CharField(max_length=20, db_index=True)
    commune = models.CharField(max_length=20, db_index=True)
    price_min = models.BigIntegerField(null=True)
    price_max = models.BigIntegerField(null=True)
    in_stock = models.BooleanField(default=False)
    units_sold = models.PositiveIntegerField(default=0, db_index=True)
    published_at = models.DateTimeField()  # truncated to milliseconds, like an ES date
    rating_periods = models.JSONField(default=list)  # [{"stars", "from", "until"}] ISO dates
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name_vi


class ProductSearchRating(models.Model):
    """One of an entry's rating periods (``rating_periods``), as rows so the current
    rating on any day is a query (the ES nested ``rating_periods`` documents)."""

    entry = models.ForeignKey(ProductSearchEntry, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_until = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["entry", "valid_from", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.stars} ({self.valid_from}..{self.valid_until})"


class SearchTerm(models.Model):
    """Vocabulary of the indexed folded product names, for typo-tolerant matching
    (Elasticsearch's fuzzy query enumerates the terms of the field the same way). Only
    grows between rebuilds: a stale term matches no entry, so it is harmless."""

    term = models.CharField(max_length=255, primary_key=True)
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["initial", "length"])]

    def __str__(self) -> str:
        return self.term


class SearchTombstone(models.Model):
    """A deleted product the search indexes must still drop (kept until a sync succeeds).
    A plain id, not a foreign key: the product row is gone."""

    product_id = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.product_id)
