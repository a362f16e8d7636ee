"""Each bundled definition against its source, transcribed here by hand from apache/deltacloud.

Notation: state -> [(destination, action or AUTO)], states in the order Deltacloud creates them
(first mention, destinations included), transitions in source order. ``error.from(:a, :b)``
is an automatic transition from a and from b into error.
"""

import json

import pytest

from cloudstates.sources import bundled_dir, catalog, resolve

AUTO = None
DELTACLOUD = {
    "arubacloud": {"start": [("pending", AUTO)], "pending": [("running", AUTO)],
                   "running": [("running", "reboot"), ("stopping", "stop")], "stopping": [("stopped", AUTO)],
                   "stopped": [("pending", "start"), ("finish", "destroy")], "finish": []},
    "condor": {"start": [("pending", AUTO)],
               "pending": [("running", AUTO), ("finish", "destroy"), ("finish", AUTO)],
               "running": [("running", "reboot"), ("stopping", "destroy")], "finish": [], "stopping": []},
    "digitalocean": {"start": [("pending", "create")], "pending": [("running", AUTO), ("error", AUTO)],
                     "running": [("running", "reboot"), ("stopping", "stop"), ("finish", "destroy"), ("error", AUTO)],
                     "stopping": [("stopped", AUTO), ("error", AUTO)], "finish": [],
                     "stopped": [("running", "start"), ("finish", "destroy"), ("finish", AUTO)], "error": []},
    "ec2": {"start": [("pending", AUTO)], "pending": [("running", AUTO)],
            "running": [("running", "reboot"), ("stopping", "stop")], "stopping": [("stopped", AUTO)],
            "stopped": [("running", "start"), ("finish", "destroy")], "finish": []},
    "fgcp": {"start": [("pending", "create")], "pending": [("stopped", AUTO), ("error", AUTO)],
             "stopped": [("running", "start"), ("finish", "destroy")],
             "running": [("stopping", "stop"), ("error", AUTO)], "stopping": [("stopped", AUTO), ("error", AUTO)],
             "finish": [], "error": []},
    "gogrid": {"start": [("pending", AUTO)], "pending": [("running", AUTO)],
               "running": [("stopped", "stop"), ("finish", "destroy")],
               "stopped": [("running", "start"), ("finish", "destroy")], "finish": []},
    "mock": {"start": [("pending", "create")], "pending": [("running", AUTO)],
             "running": [("running", "reboot"), ("stopped", "stop")],
             "stopped": [("running", "start"), ("finish", "destroy")], "finish": []},
    "opennebula": {"start": [("pending", "create")], "pending": [("running", AUTO)],
                   "running": [("running", "reboot"), ("stopping", "stop"), ("stopping", "destroy")],
                   "stopped": [("running", "start")], "stopping": [("stopped", AUTO), ("finish", AUTO)], "finish": []},
    "openstack": {"start": [("pending", "create")], "pending": [("running", AUTO), ("error", AUTO)],
                  "running": [("running", "reboot"), ("stopping", "stop"), ("error", AUTO)],
                  "stopping": [("stopped", AUTO), ("error", AUTO)], "stopped": [("finish", AUTO)], "finish": [],
                  "error": []},
    "profitbricks": {"start": [("pending", AUTO)], "pending": [("running", AUTO)],
                     "running": [("running", "reboot"), ("stopping", "stop")],
                     "stopped": [("running", "start"), ("stopped", "destroy"), ("finish", AUTO)],
                     "stopping": [("stopped", AUTO), ("finish", AUTO)], "finish": []},
    "rackspace": {"start": [("pending", "create")], "pending": [("running", AUTO)],
                  "running": [("running", "reboot"), ("stopping", "stop")], "stopping": [("stopped", AUTO)],
                  "stopped": [("finish", AUTO)], "finish": []},
    "rhevm": {"start": [("pending", AUTO)], "pending": [("stopped", AUTO)],
              "stopped": [("running", "start"), ("finish", "destroy")], "running": [("stopping", "stop")],
              "stopping": [("stopped", "stop")], "finish": []},
    "rimuhosting": {"start": [("pending", AUTO)], "pending": [("running", AUTO)],
                    "running": [("running", "reboot"), ("stopping", "stop")], "stopping": [("stopped", AUTO)],
                    "stopped": [("finish", AUTO)], "finish": []},
    "sbc": {"start": [("pending", AUTO)], "pending": [("running", AUTO)],
            "running": [("running", "reboot"), ("finish", "destroy")], "finish": []},
    "terremark": {"start": [("pending", "create")], "pending": [("stopped", AUTO)],
                  "stopped": [("running", "start"), ("finish", "destroy")],
                  "running": [("running", "reboot"), ("stopping", "stop")], "stopping": [("stopped", AUTO)],
                  "finish": []},
    "vsphere": {"start": [("pending", "create")], "pending": [("stopped", AUTO)],
                "stopped": [("running", "start"), ("finish", "destroy")],
                "running": [("running", "reboot"), ("stopping", "stop")], "stopping": [("stopped", AUTO)],
                "finish": []},
}
DELTACLOUD["eucalyptus"] = DELTACLOUD["ec2"]  # EucalyptusDriver < Ec2Driver, no machine of its own
DOCS_EXAMPLE = {"start": [("pending", "create")], "pending": [("running", AUTO)],
                "running": [("running", "reboot"), ("shutting_down", "stop")], "shutting_down": [("stopped", AUTO)],
                "stopped": [("finish", AUTO)], "finish": []}
EXPECTED = {**DELTACLOUD, "deltacloud-docs": DOCS_EXAMPLE}
COMMIT = "64c62c2437767af247a579a6c3c718e2641c1796"


def as_data(machine):
    return {s.name: [(t.target, t.action) for t in s.transitions] for s in machine.states}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_definition_matches_source(name):
    machine = resolve(name)
    assert list(as_data(machine)) == list(EXPECTED[name])  # state order
    assert as_data(machine) == EXPECTED[name]
    assert (machine.initial, machine.final) == ("start", ("finish",))
    assert machine.title and machine.description and machine.sources


@pytest.mark.parametrize("name", sorted(DELTACLOUD))
def test_driver_definitions_cite_the_driver_at_the_final_commit(name):
    machine = resolve(name)
    urls = [s.url for s in machine.sources]
    assert any(f"/blob/{COMMIT}/server/lib/deltacloud/drivers/{name}/{name}_driver.rb" in u for u in urls)
    assert all(s.revision == COMMIT for s in machine.sources)


def test_every_bundled_file_is_listed_and_nothing_else():
    files = sorted(p.stem for p in bundled_dir().glob("*.yaml"))
    assert set(EXPECTED) <= set(files)
    assert list(catalog()) == files


def test_bundled_files_validate_against_the_shipped_schema():
    import jsonschema
    import yaml

    schema_path = bundled_dir() / "definition.schema.json"
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(bundled_dir().glob("*.yaml")):
        text = path.read_text()
        assert text.startswith("# yaml-language-server: $schema=definition.schema.json\n")
        errors = list(validator.iter_errors(yaml.safe_load(text)))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_schema_rejects_what_the_loader_rejects():
    import jsonschema

    schema_path = bundled_dir() / "definition.schema.json"
    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text()))
    bad = [
        {"provider": "x", "states": {"a": {"transitions": [{"to": "b"}]}}},  # neither action nor auto
        {"provider": "x", "states": {"a": {"transitions": [{"to": "b", "action": "go", "auto": True}]}}},
        {"provider": "x", "states": {"a": {"colour": "red"}}},
        {"provider": "x", "state": {}},
    ]
    for doc in bad:
        assert list(validator.iter_errors(doc)), doc
