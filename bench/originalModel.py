"""The original's model (docs/logreduce.md, section 6: Python LogReduce's hashing_nn) on token lines, timed.

HashingVectorizer(binary, 2^18 columns, str.split) over the distinct baseline token lines, NearestNeighbors(brute,
cosine), and the distinct target token lines queried in chunks of 512, as the original queries them. The token lines
come from this project's tokenizer (written by bench case f), so the figure leaves out the original's own, slower,
tokenizing: it is an upper bound of the original's speed. Needs scikit-learn (Debian: apt-get install python3-sklearn).

Usage: python3 originalModel.py <baseline.tokens> <target.tokens>; prints one JSON line.
"""
import json
import sys
import time

from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.neighbors import NearestNeighbors


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        baseline = handle.read().split("\n")
    with open(sys.argv[2], encoding="utf-8") as handle:
        target = list(dict.fromkeys(handle.read().split("\n")))
    started = time.perf_counter()
    distinct = list(dict.fromkeys(baseline))
    vectorizer = HashingVectorizer(binary=True, n_features=2**18, analyzer=str.split, lowercase=False, dtype="float32")
    model = NearestNeighbors(algorithm="brute", metric="cosine", n_neighbors=1).fit(vectorizer.transform(distinct))
    fitted = time.perf_counter()
    for start in range(0, len(target), 512):
        model.kneighbors(vectorizer.transform(target[start : start + 512]))
    queried = time.perf_counter()
    print(json.dumps({
        "baselineLines": len(baseline),
        "distinctBaselineLines": len(distinct),
        "fitSeconds": fitted - started,
        "targetLines": len(target),
        "querySeconds": queried - fitted,
    }))


if __name__ == "__main__":
    main()
