GRAPHQL_ROWS: list = []
