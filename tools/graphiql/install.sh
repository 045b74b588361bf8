#!/usr/bin/env bash
# GraphiQL's browser files for /graphql/ under DEBUG (make run): `npm ci` from the committed
# lock, then copy just the minified UMD/CSS files that marketplace/templates/graphene/graphiql.html
# loads into var/graphiql-static/ (served as /static/graphiql/…, see settings/dev.py). Skipped
# when the copy matches the lock. Without npm it only warns: the page then says what to run.
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=tools/graphiql
MODULES=$SRC/node_modules
DEST=var/graphiql-static
FILES=(
  react/umd/react.production.min.js
  react-dom/umd/react-dom.production.min.js
  graphiql/graphiql.min.js
  graphiql/graphiql.min.css
  graphql-ws/umd/graphql-ws.min.js
  @graphiql/plugin-explorer/dist/graphiql-plugin-explorer.umd.js
  @graphiql/plugin-explorer/dist/style.css
)

if cmp -s "$SRC/package-lock.json" "$DEST/.package-lock.json" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "WARNING: npm not found; GraphiQL (/graphql/) stays off until 'npm ci --prefix $SRC' (make run) works" >&2
  exit 0
fi
echo "GraphiQL: npm ci --prefix $SRC"
if ! npm ci --prefix "$SRC" --no-audit --no-fund --loglevel=error; then
  echo "WARNING: npm ci --prefix $SRC failed; GraphiQL (/graphql/) stays off" >&2
  exit 0
fi
rm -rf "$DEST"
mkdir -p "$DEST/plugin-explorer"
for f in "${FILES[@]}"; do
  case $f in
    @graphiql/plugin-explorer/*) cp "$MODULES/$f" "$DEST/plugin-explorer/" ;;
    *) cp "$MODULES/$f" "$DEST/" ;;
  esac
done
cp "$SRC/package-lock.json" "$DEST/.package-lock.json"
