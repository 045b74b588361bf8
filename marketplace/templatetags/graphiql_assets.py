"""``{% graphiql_missing_files as missing %}``: which of GraphiQL's browser files (copied by
``make run`` from tools/graphiql/ into var/graphiql-static/, served as ``/static/graphiql/…``)
the static files finders cannot find, for marketplace/templates/graphene/graphiql.html."""

from django import template
from django.contrib.staticfiles import finders

register = template.Library()

GRAPHIQL_FILES = (
    "graphiql/react.production.min.js",
    "graphiql/react-dom.production.min.js",
    "graphiql/graphiql.min.js",
    "graphiql/graphiql.min.css",
    "graphiql/graphql-ws.min.js",
    "graphiql/plugin-explorer/graphiql-plugin-explorer.umd.js",
    "graphiql/plugin-explorer/style.css",
)


@register.simple_tag
def graphiql_missing_files() -> list[str]:
    return [path for path in GRAPHIQL_FILES if not finders.find(path)]
