#!/usr/bin/env python3
"""An independent reader of Eventline's topics: librdkafka (confluent-kafka), fastavro and the
CloudEvents SDK, with nothing from Eventline but the files in schemas/ (catalog.json and the
.avsc files).

It reads every committed record of one topic (read_committed, so records of aborted
transactions never show up), decodes each Confluent-framed value by the schema id in its
header — resolving older versions to the latest version of their subject, as Eventline's
own codec does — and prints one JSON array, in partition then offset order:

  {"partition", "offset", "key", "headers", "schemaId", "subject", "writerVersion", "value",
   "cloudEvent"}

With --reader-schema (the union of the topic's records that registry mode registers as its
`<topic>-value` subject, the one schema SQL engines read a topic with), each record also
gets "topicReader": the record decoded with that union as reader schema (Avro resolution
from the writer schema of its id to the union branch of the same record name).

"cloudEvent" holds the CloudEvents context attributes the SDK's Kafka binary-mode binding
reads from the record's `ce_*` and `content-type` headers (it refuses a record whose
attributes break the CloudEvents 1.0 spec), its data being the decoded Avro value.

Timestamps (timestamp-millis) are printed as epoch milliseconds, so values compare exactly
with the producer's. test/integration/analytics/python-interop.int.spec.ts runs it.

  decode_orders_events.py --brokers 127.0.0.1:9092 [--topic orders.events] [--schemas DIR]
"""
import argparse
import datetime
import io
import json
import struct
import sys
import time
from pathlib import Path

import fastavro
from cloudevents.core.bindings import kafka as cloudevents_kafka
from cloudevents.core.v1.event import CloudEvent
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
DEFAULT_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


class Schemas:
    """The writer schema of every catalogued id, and the latest version of every subject."""

    def __init__(self, directory: Path):
        catalog = json.loads((directory / "catalog.json").read_text(encoding="utf-8"))["schemas"]
        self.entries = {entry["id"]: entry for entry in catalog}
        self.writers = {
            entry["id"]: fastavro.parse_schema(json.loads((directory / entry["file"]).read_text(encoding="utf-8")))
            for entry in catalog
        }
        self.latest = {}
        for entry in sorted(catalog, key=lambda e: e["version"]):
            self.latest[entry["subject"]] = self.writers[entry["id"]]

    def writer(self, framed: bytes):
        """The id's writer schema and the Avro bytes after the 5-byte header."""
        if len(framed) < 5:
            raise ValueError(f"record of {len(framed)} bytes is shorter than the 5-byte header")
        magic, schema_id = struct.unpack(">bi", framed[:5])
        if magic != 0:
            raise ValueError(f"wrong magic byte {magic}: not a Confluent-framed Avro record")
        entry = self.entries.get(schema_id)
        if entry is None:
            raise ValueError(f"schema id {schema_id} is not in catalog.json (is this copy of schemas/ older than the producer's?)")
        return schema_id, entry, framed[5:]

    def decode(self, framed: bytes) -> dict:
        schema_id, entry, body = self.writer(framed)
        payload = io.BytesIO(body)
        value = fastavro.schemaless_reader(payload, self.writers[schema_id], self.latest[entry["subject"]])
        if payload.read(1):
            raise ValueError(f"unexpected bytes after a {entry['subject']} v{entry['version']} record")
        return {"schemaId": schema_id, "subject": entry["subject"], "writerVersion": entry["version"], "value": plain(value)}


def read_with_union(schemas: Schemas, union, framed: bytes):
    """The record read with the topic's union as reader schema (resolved to the branch of the writer's record name)."""
    schema_id, _entry, body = schemas.writer(framed)
    payload = io.BytesIO(body)
    value = fastavro.schemaless_reader(payload, schemas.writers[schema_id], union)
    if payload.read(1):
        raise ValueError("unexpected bytes after a record read with the topic's union")
    return plain(value)


class AvroData:
    """The CloudEvents SDK's data format for our values: Confluent-framed Avro, read by `Schemas`."""

    def __init__(self, schemas: Schemas):
        self.schemas = schemas

    def read_data(self, body: bytes, content_type):
        return self.schemas.decode(body)

    def get_content_type(self) -> str:
        return "application/vnd.apache.avro+binary"


def cloud_event(message, schemas: Schemas) -> dict:
    """The record as the CloudEvents Kafka binding sees it (binary mode): its context attributes."""
    headers = {name: value for name, value in (message.headers() or []) if value is not None}
    event = cloudevents_kafka.from_binary(
        cloudevents_kafka.KafkaMessage(headers=headers, key=message.key(), value=message.value()), AvroData(schemas), CloudEvent
    )
    return plain(event.get_attributes())


def plain(value):
    """JSON-ready: datetimes (timestamp-millis) become epoch milliseconds, exactly."""
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def read_committed(brokers: str, topic: str, timeout_s: float):
    """Every committed record of `topic`, from the beginning of each partition to its end now."""
    consumer = Consumer({
        "bootstrap.servers": brokers,
        "group.id": "eventline-interop-reader",  # required by the client; nothing is committed
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
        "enable.partition.eof": True,
    })
    try:
        metadata = consumer.list_topics(topic, timeout=timeout_s).topics[topic]
        if metadata.error is not None:
            raise KafkaException(metadata.error)
        pending = set(metadata.partitions)
        consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in pending])
        deadline = time.monotonic() + timeout_s
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"partitions {sorted(pending)} of {topic} did not reach their end within {timeout_s} s")
            message = consumer.poll(0.5)
            if message is None:
                continue
            error = message.error()
            if error is not None and error.code() == KafkaError._PARTITION_EOF:
                # The end as of now; with read_committed, the last stable offset.
                pending.discard(message.partition())
            elif error is not None:
                raise KafkaException(error)
            else:
                yield message
    finally:
        consumer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brokers", required=True, help="host:port[,host:port…]")
    parser.add_argument("--topic", default="orders.events", help="topic to read, TOPIC_PREFIX included")
    parser.add_argument("--schemas", type=Path, default=DEFAULT_SCHEMAS, help="Eventline's schemas/ directory")
    parser.add_argument("--reader-schema", type=Path, help="a topic's union schema (JSON) to read every record with as well")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to reach the end of every partition")
    args = parser.parse_args()

    schemas = Schemas(args.schemas)
    union = None if args.reader_schema is None else fastavro.parse_schema(json.loads(args.reader_schema.read_text(encoding="utf-8")))
    records = []
    for message in read_committed(args.brokers, args.topic, args.timeout):
        records.append({
            "partition": message.partition(),
            "offset": message.offset(),
            "key": None if message.key() is None else message.key().decode("utf-8"),
            "headers": {name: None if value is None else value.decode("utf-8") for name, value in (message.headers() or [])},
            **schemas.decode(message.value()),
            "cloudEvent": cloud_event(message, schemas),
            **({} if union is None else {"topicReader": read_with_union(schemas, union, message.value())}),
        })
    records.sort(key=lambda record: (record["partition"], record["offset"]))
    json.dump(records, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
