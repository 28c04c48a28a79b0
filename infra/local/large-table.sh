#!/usr/bin/env bash
# Writes a large upload in the shape of the quickstart's example file: the synthetic cohort's
# patients (codes of cna, rnaseq, rppa, wsi), repeated under new ids, one modality blanked per row
# (in turn), so every row has one gap to impute.
#
#   infra/local/large-table.sh ROWS OUT.tsv [COHORT_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ $# -ge 2 ]] || { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
ROWS="$1"; OUT="$2"; COHORT="${3:-$COHORT_DIR}"
MODS=(cna rnaseq rppa wsi)
awk -F'\t' -v OFS='\t' -v rows="$ROWS" -v nmods="${#MODS[@]}" '
  FNR == 1 { m++; width[m] = NF - 1; for (i = 2; i <= NF; i++) header = header OFS $i; next }
  { vals[m, $1] = substr($0, length($1) + 2); seen[$1]++ }
  END {
    for (id in seen) if (seen[id] == nmods) ids[++n] = id
    # A fixed order, so that the same ROWS give the same file.
    for (i = 2; i <= n; i++) { v = ids[i]; for (j = i - 1; j >= 1 && ids[j] > v; j--) ids[j + 1] = ids[j]; ids[j + 1] = v }
    print "sample" header
    for (r = 0; r < rows; r++) {
      id = ids[r % n + 1]; gap = r % nmods + 1
      line = sprintf("L%07d", r)
      for (k = 1; k <= nmods; k++) {
        if (k == gap) { blank = ""; for (c = 1; c < width[k]; c++) blank = blank OFS; line = line OFS blank }
        else line = line OFS vals[k, id]
      }
      print line
    }
  }' $(printf "$COHORT/%s.tsv " "${MODS[@]}") > "$OUT"
