#!/usr/bin/env python3
"""The mutants Stryker left undetected, per file: python3 .ci/mutation-survivors.py reports/mutation/mutation.json [file-substring...] [--summary]"""
import json, sys
rep = json.load(open(sys.argv[1]))
want = [a for a in sys.argv[2:] if not a.startswith('--')]
summary = '--summary' in sys.argv
tot = {'killed':0,'survived':0,'nocov':0,'timeout':0,'other':0}
rows=[]
for path, f in sorted(rep['files'].items()):
    lines = f['source'].split('\n')
    st = {}
    for m in f['mutants']:
        st[m['status']] = st.get(m['status'],0)+1
    k = st.get('Killed',0); s = st.get('Survived',0); n = st.get('NoCoverage',0); t = st.get('Timeout',0)
    tot['killed']+=k; tot['survived']+=s; tot['nocov']+=n; tot['timeout']+=t
    rows.append((s+n, path, k, s, n, t))
    if summary or (want and not any(w in path for w in want)):
        continue
    print(f'=== {path}: killed {k}, survived {s}, no coverage {n}, timeout {t}')
    for m in sorted(f['mutants'], key=lambda m: (m['location']['start']['line'], m['location']['start']['column'])):
        if m['status'] not in ('Survived','NoCoverage'): continue
        a=m['location']['start']; b=m['location']['end']
        src = lines[a['line']-1].strip()
        orig = '\n'.join(lines[a['line']-1:b['line']])
        if a['line']==b['line']:
            orig = lines[a['line']-1][a['column']-1:b['column']-1]
        orig = orig if len(orig) < 120 else orig[:117]+'...'
        rep_ = m.get('replacement', '')
        rep_ = rep_ if len(rep_) < 120 else rep_[:117]+'...'
        print(f"  L{a['line']} [{m['status']}] {m['mutatorName']}: `{orig}` -> `{rep_}`")
if summary:
    for r in sorted(rows, reverse=True):
        print(f'{r[0]:5d} undetected  {r[1]}  (killed {r[2]}, survived {r[3]}, nocov {r[4]}, timeout {r[5]})')
det = tot['killed']+tot['timeout']; allm = det+tot['survived']+tot['nocov']
print(f"score {100*det/allm:.1f}% ({det}/{allm}); survived {tot['survived']}, no coverage {tot['nocov']}")
