#!/usr/bin/env python3
"""Reads back a file `eventline export` wrote, with tools of the analyst's own: DuckDB for Parquet
and NDJSON, fastavro for Avro (DuckDB's Avro reader is an extension it downloads, which the
tests cannot). Prints one JSON object: the row count, the column types as the reader sees them,
and per schema subject and currency the number of records and the sum of `data.amountCents`
(payments) and `data.refundCents` (refunds). test/integration/cli/export.int.spec.ts runs it.

  read_export.py --format parquet|ndjson|avro FILE
"""
import argparse
import json
import sys

import duckdb
import fastavro

SUMS = """
  SELECT schema_subject AS subject, data.currency AS currency, count(*) AS records,
         sum(data.amountCents) AS amount_cents, sum(data.refundCents) AS refund_cents
  FROM rows GROUP BY ALL ORDER BY ALL
"""


def with_duckdb(fmt: str, path: str) -> dict:
    connection = duckdb.connect()
    source = f"read_parquet('{path}')" if fmt == "parquet" else f"read_json('{path}', format = 'newline_delimited')"
    connection.execute(f"CREATE VIEW rows AS SELECT * FROM {source}")
    types = {name: str(kind) for name, kind, *_ in connection.execute("DESCRIBE rows").fetchall()}
    count = connection.execute("SELECT count(*) FROM rows").fetchone()[0]
    sums = [dict(zip(("subject", "currency", "records", "amountCents", "refundCents"), row)) for row in connection.execute(SUMS).fetchall()]
    return {"rows": count, "types": types, "sums": sums}


def with_fastavro(path: str) -> dict:
    groups = {}
    count = 0
    with open(path, "rb") as handle:
        reader = fastavro.reader(handle)
        types = {field["name"]: json.dumps(field["type"])[:60] for field in reader.writer_schema["fields"]}
        for row in reader:
            count += 1
            data = row["value"]["data"]
            key = (row["schema_subject"], data.get("currency"))
            group = groups.setdefault(key, {"records": 0, "amountCents": None, "refundCents": None})
            group["records"] += 1
            for field in ("amountCents", "refundCents"):
                if field in data:
                    group[field] = (group[field] or 0) + data[field]
    sums = [{"subject": subject, "currency": currency, **group} for (subject, currency), group in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or ""))]
    return {"rows": count, "types": types, "sums": sums}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", required=True, choices=["parquet", "ndjson", "avro"])
    parser.add_argument("file")
    args = parser.parse_args()
    result = with_fastavro(args.file) if args.format == "avro" else with_duckdb(args.format, args.file)
    json.dump(result, sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
