#!/usr/bin/env python3
# REST produce through the gateway, for gateway/README.md's figures (no Java client involved):
#   python3 bench/rest-produce.py [http://127.0.0.1:8080] [acks: all|1|0]
# Creates a 6-partition RF 1 topic, then 4 threads POST one pre-built body of 500 x 1 KiB random
# base64 values (binary format) for 5 s unmeasured and 20 s measured; then one thread sends 3,500
# single-record requests (the first 500 unmeasured) and prints their p50 / p99 latency.
import base64, json, os, sys, threading, time, urllib.request
base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
acks = sys.argv[2] if len(sys.argv) > 2 else "all"
topic = "rest-bench-" + str(int(time.time()))
def call(method, path, body=None, ctype="application/json"):
    req = urllib.request.Request(base + path, data=body, method=method, headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()
call("POST", "/admin/topics", json.dumps({"name": topic, "partitions": 6, "replication_factor": 1}).encode())
time.sleep(1)
records = [{"value": base64.b64encode(os.urandom(1024)).decode()} for _ in range(500)]
body = json.dumps({"records": records}).encode()
ctype = "application/vnd.kafka.binary.v2+json"
def load(seconds, counter):
    end = time.time() + seconds
    while time.time() < end:
        status, _ = call("POST", "/topics/%s?acks=%s" % (topic, acks), body, ctype)
        assert status == 200
        counter.append(500)
for phase, seconds in (("warm-up", 5), ("measured", 20)):
    counters = [[] for _ in range(4)]
    threads = [threading.Thread(target=load, args=(seconds, c)) for c in counters]
    start = time.time(); [t.start() for t in threads]; [t.join() for t in threads]
    n = sum(sum(c) for c in counters); el = time.time() - start
    if phase == "measured":
        print("batch produce acks=%s: %d records in %.1f s: %.0f records/s (%.1f MB/s)" % (acks, n, el, n / el, n * 1024 / el / 1e6))
one = json.dumps({"records": [{"value": base64.b64encode(b"x" * 100).decode()}]}).encode()
lat = []
for i in range(3500):
    t = time.perf_counter(); call("POST", "/topics/%s?acks=%s" % (topic, acks), one, ctype); d = (time.perf_counter() - t) * 1000
    if i >= 500: lat.append(d)
lat.sort()
print("single-record produce acks=%s: p50 %.1f ms, p99 %.1f ms over %d requests" % (acks, lat[len(lat)//2], lat[int(len(lat)*0.99)], len(lat)))
