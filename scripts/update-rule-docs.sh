#!/usr/bin/env bash
# Regenerates docs/rules/ (one page per rule, and the index) from rules/*.md and the rule
# catalogue. tests/rule_docs.rs fails until this has been run after a rule or doc changes.
set -euo pipefail
cd "$(dirname "$0")/.."
PROTOGATE_UPDATE_DOCS=1 cargo test --locked --quiet --test rule_docs
