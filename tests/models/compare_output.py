#!/usr/bin/python3
"""compare_output.py NAME GOT.npy WANT.npy [LIMIT]: prints max |got - want| / max |want| and exits 1
when it is above LIMIT (default 1e-4), when the shapes or dtypes differ, or when got holds a
non-finite value. How tests/models checks gecl's output of a model against PyTorch's."""
import sys

import numpy as np


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: compare_output.py NAME GOT.npy WANT.npy [LIMIT]")
    name, got_path, want_path = sys.argv[1:4]
    limit = float(sys.argv[4]) if len(sys.argv) == 5 else 1e-4
    got, want = np.load(got_path), np.load(want_path)
    if got.shape != want.shape or got.dtype != want.dtype:
        print(f"{name}: FAIL: gecl's output is {got.dtype} {list(got.shape)}, PyTorch's {want.dtype} {list(want.shape)}")
        return 1
    if not np.all(np.isfinite(got)):
        print(f"{name}: FAIL: gecl's output holds {np.count_nonzero(~np.isfinite(got))} non-finite values")
        return 1
    scale = float(np.max(np.abs(want.astype(np.float64))))
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    rel = float(np.max(diff)) / scale if scale > 0 else float(np.max(diff))
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
    verdict = "ok" if rel <= limit else "FAIL"
    print(f"{name}: max |gecl - torch| / max |torch| = {rel:.3g} (limit {limit:g}; max |torch| {scale:.4g}; "
          f"worst at {list(worst)}: gecl {got[worst]:.7g}, torch {want[worst]:.7g}): {verdict}")
    return 0 if rel <= limit else 1


if __name__ == "__main__":
    sys.exit(main())
