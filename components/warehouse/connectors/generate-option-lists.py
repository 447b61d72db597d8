#!/usr/bin/env python3
"""Regenerates optionLists.ts from git mirrors of apache/flink-cdc, apache/paimon and
StarRocks/starrocks-connector-for-apache-flink (MIRRORS=/path holding owner+name/repo clones).
Usage: python3 components/warehouse/connectors/generate-option-lists.py > /dev/null"""
import re, subprocess, json, os
MIRRORS = os.environ.get("MIRRORS", "/work/.mirror")
def show(repo, ref, path):
    return subprocess.run(["git","-C",os.path.join(MIRRORS, repo, "repo"),"show",f"{ref}:{path}"],capture_output=True,text=True,check=True).stdout
def commit(repo, ref):
    return subprocess.run(["git","-C",os.path.join(MIRRORS, repo, "repo"),"rev-list","-n1",ref],capture_output=True,text=True,check=True).stdout.strip()
def keys_of(src):
    out = {}
    for m in re.finditer(r'static\s+final\s+ConfigOption<.*?>\s+(\w+)\s*=\s*(?:ConfigOptions\s*\.\s*)?key\(\s*"([^"]+)"\s*\)(.*?);', src, re.S):
        fb = re.findall(r'with(?:Fallback|Deprecated)Keys\(([^)]*)\)', m.group(3))
        out[m.group(1)] = (m.group(2), [a for f in fb for a in re.findall(r'"([^"]+)"', f)])
    return out
def factory_keys(opts, fac, cls):
    used = re.findall(r'[oO]ptions\.add\(\s*'+cls+r'\.(\w+)\)', fac)
    return sorted({opts[n][0] for n in used if n in opts})
lists = []
cdc = "apache+flink-cdc"
F = "flink-cdc-connect/flink-cdc-source-connectors/flink-connector-mysql-cdc/src/main/java/org/apache/flink/cdc/connectors/mysql"
for v,t in [("3.1.1","release-3.1.1"),("3.3.0","release-3.3.0")]:
    opts = keys_of(show(cdc,t,F+"/source/config/MySqlSourceOptions.java"))
    fac = show(cdc,t,F+"/table/MySqlTableSourceFactory.java")
    lists.append(dict(connector="mysql-cdc", version=v, keys=["connector"]+factory_keys(opts,fac,"MySqlSourceOptions"), prefixes=["debezium.","jdbc.properties."],
      source=f"apache/flink-cdc@{t} ({commit(cdc,t)[:12]}): MySqlTableSourceFactory#requiredOptions/optionalOptions, keys from MySqlSourceOptions.java; prefixes from helper.validateExcept(DEBEZIUM_OPTIONS_PREFIX, JdbcUrlUtils.PROPERTIES_PREFIX)"))
p = "apache+paimon"
for v,t in [("0.8.2","release-0.8.2"),("0.9.0","release-0.9.0")]:
    core = keys_of(show(p,t,"paimon-common/src/main/java/org/apache/paimon/CoreOptions.java"))
    fl = keys_of(show(p,t,"paimon-flink/paimon-flink-common/src/main/java/org/apache/paimon/flink/FlinkConnectorOptions.java"))
    keys = {k for d in (core, fl) for (k, alts) in d.values() for k in [k]+alts}
    # Field-level options are string constants, not ConfigOptions: fields.<field>.<suffix>.
    src = show(p,t,"paimon-common/src/main/java/org/apache/paimon/CoreOptions.java")
    for const in ["DEFAULT_VALUE_SUFFIX","AGG_FUNCTION","IGNORE_RETRACT","NESTED_KEY","DISTINCT","LIST_AGG_DELIMITER","STATS_MODE_SUFFIX"]:
        m = re.search(r'public static final String '+const+r' = "([^"]+)"', src)
        if m: keys.add("fields.#." + m.group(1))
    keys = sorted(keys)
    lists.append(dict(connector="paimon", version=v, keys=keys, prefixes=[],
      source=f"apache/paimon@{t} ({commit(p,t)[:12]}): CoreOptions.java + paimon-flink-common FlinkConnectorOptions.java, with fallback/deprecated keys, and the field-level suffixes (fields.<field>.<suffix>) declared as String constants there; '#' stands for a field name"))
    cat = keys_of(show(p,t,"paimon-common/src/main/java/org/apache/paimon/options/CatalogOptions.java"))
    lists.append(dict(connector="paimon-catalog", version=v, keys=sorted({"type"} | {k for (k,_) in cat.values()}), prefixes=["fs.", "s3."],
      source=f"apache/paimon@{t} ({commit(p,t)[:12]}): CatalogOptions.java, plus 'type' (FlinkCatalogFactory IDENTIFIER) and file-system prefixes passed to the FileIO (docs filesystems/s3.md)"))
s = "StarRocks+starrocks-connector-for-apache-flink"
for v,t in [("1.2.11","v1.2.11")]:
    so = keys_of(show(s,t,"src/main/java/com/starrocks/connector/flink/table/sink/StarRocksSinkOptions.java"))
    fac = show(s,t,"src/main/java/com/starrocks/connector/flink/table/sink/StarRocksDynamicTableSinkFactory.java")
    keys = factory_keys(so,fac,"StarRocksSinkOptions")
    if "SINK_PARALLELISM" in fac: keys = sorted(set(keys) | {"sink.parallelism"})
    lists.append(dict(connector="starrocks", version=v, keys=["connector"]+keys, prefixes=["sink.properties."],
      source=f"StarRocks/starrocks-connector-for-apache-flink@{t} ({commit(s,t)[:12]}): StarRocksDynamicTableSinkFactory#requiredOptions/optionalOptions (sink side), keys from StarRocksSinkOptions.java; prefix SINK_PROPERTIES_PREFIX"))

out = ['/**',
' * Connector option lists of the targeted versions, kept as data. Generated from the real sources',
' * (each list says which file at which tag/commit) by reading every ConfigOption key the table',
' * factory declares; a WITH clause that uses a key outside its list fails the tests',
' * (test/warehouse/connectorOptions.test.ts). Regenerate rather than edit by hand.',
' */',
'import type { ConnectorOptionList } from "./types";',
'',
'export const CONNECTOR_OPTION_LISTS: readonly ConnectorOptionList[] = [']
for x in lists:
    out.append('  {')
    for f in ["connector", "version", "source", "prefixes"]:
        out.append(f'    {f}: {json.dumps(x[f])},')
    out.append('    keys: [')
    for k in x['keys']: out.append(f'      {json.dumps(k)},')
    out.append('    ],')
    out.append('  },')
out.append('];')
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'optionLists.ts'), 'w').write('\n'.join(out) + '\n')
