import autocannon from 'autocannon';
import { HttpAgent, startChildServer, type ChildServer } from '../server/test/child-server.ts';
import { openStream, type TestStream } from '../server/test/sse-client.ts';
import { totpCodeAt } from '../server/src/platform/auth/totp.ts';
import { SYNTHETIC_PASSWORD, syntheticTotpSecret } from '../server/src/synthetic/generate.ts';
import type { Prepared } from './prepare.ts';
import { result, summarise, type Result, type Summary } from './stats.ts';

const usedSteps = new Map<string, number>();
async function signIn(url: string, email: string): Promise<HttpAgent> {
  const agent = new HttpAgent(url);
  const first = await agent.request('POST', '/api/auth/sign-in', { email, password: SYNTHETIC_PASSWORD });
  if (first.status !== 200) throw new Error(`sign-in failed for ${email}: ${first.text}`);
  const step = Math.max(Math.floor(Date.now() / 30_000), (usedSteps.get(email) ?? 0) + 1);
  usedSteps.set(email, step);
  const second = await agent.request('POST', '/api/auth/totp', {
    code: totpCodeAt(syntheticTotpSecret(email), new Date(step * 30_000)),
  });
  if (second.status !== 200) throw new Error(`two-factor failed for ${email}: ${second.text}`);
  return agent;
}

const cookie = (agent: HttpAgent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Drives a route with autocannon and measures every response (exact percentiles, not buckets). */
async function load(
  url: string,
  o: {
    connections: number;
    seconds: number;
    headers?: Record<string, string>;
    method?: 'GET' | 'POST';
    body?: string;
  },
): Promise<Summary & { errors: number }> {
  const times: number[] = [];
  let errors = 0;
  const done = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: o.connections,
        duration: o.seconds,
        headers: o.headers ?? {},
        method: o.method ?? 'GET',
        ...(o.body ? { body: o.body } : {}),
      },
      (error, finished) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode >= 400) errors++;
    });
  });
  const summary = summarise(times, o.seconds * 1000);
  return { ...summary, throughput: done.requests.average, errors };
}

/**
 * Writers that post independently, each waiting a random (exponential) interval between posts:
 * arrivals like people's, not the synchronized bursts of a rate-limited load generator.
 */
async function pacedWriters(
  url: string,
  o: {
    writers: number;
    meanIntervalMs: number;
    seconds: number;
    headers: Record<string, string>;
    body: string;
  },
): Promise<Summary & { errors: number }> {
  const times: number[] = [];
  let errors = 0;
  const end = performance.now() + o.seconds * 1000;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  const interval = () => -Math.log(1 - Math.random()) * o.meanIntervalMs;
  await Promise.all(
    Array.from({ length: o.writers }, async () => {
      await pause(Math.random() * o.meanIntervalMs);
      while (performance.now() < end) {
        const started = performance.now();
        const response = await fetch(url, { method: 'POST', headers: o.headers, body: o.body });
        await response.arrayBuffer();
        times.push(performance.now() - started);
        if (response.status >= 400) errors++;
        await pause(interval());
      }
    }),
  );
  return { ...summarise(times, o.seconds * 1000), errors };
}

/** Sends `n` messages and waits, on each of `streams`, for each to arrive; returns commit→last-arrival times. */
async function measureDelivery(
  poster: HttpAgent,
  personId: string,
  streams: TestStream[],
  n: number,
): Promise<{ commitToLast: number[]; postToFirst: number[]; lost: number }> {
  const commitToLast: number[] = [];
  const postToFirst: number[] = [];
  let lost = 0;
  for (let i = 0; i < n; i++) {
    const sent = performance.now();
    const response = await poster.request('POST', `/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'normal',
      body: `配信測定 ${i}`,
    });
    if (response.status !== 201) throw new Error(`post failed: ${response.text}`);
    // The server says how long after the request arrived the message committed.
    const commitMs = /commit;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    if (!commitMs) throw new Error('the post answered without its Server-Timing commit time');
    const committed = sent + Number(commitMs[1]);
    const id = (response.json() as { id: string }).id;
    const arrivals = await Promise.all(
      streams.map((s) =>
        s
          .waitFor((e) => e.data.subjectId === id, 10_000)
          .then(
            () => performance.now(),
            () => {
              lost++;
              return Number.NaN;
            },
          ),
      ),
    );
    const valid = arrivals.filter((x) => !Number.isNaN(x));
    if (valid.length > 0) {
      commitToLast.push(Math.max(...valid) - committed);
      postToFirst.push(Math.min(...valid) - sent);
    }
  }
  return { commitToLast, postToFirst, lost };
}

export interface HttpOptions {
  seconds: number;
  /** Mean gap between one writer's posts. */
  postIntervalMs: number;
  livePosts: number;
  fanOut: number[];
  rawNotify: Summary;
}

/** HTTP and live cases against real server processes (two of them on PostgreSQL). */
export async function runHttpCases(
  p: Prepared,
  o: HttpOptions,
  log: (line: string) => void,
): Promise<Result[]> {
  const base = { engine: p.engine, scale: p.scale } as const;
  const results: Result[] = [];
  const servers: ChildServer[] = [];
  try {
    const a = await startChildServer({ ...p.env, TSUNAGU_WORKER_ID: 'bench-a', TSUNAGU_LOG_LEVEL: 'error' });
    servers.push(a);
    const viewer = await signIn(a.url, p.fixtures.viewerEmail);
    const auth = { cookie: cookie(viewer) };

    log('  http: trivial JSON, primary-key route, timeline, person overview');
    const trivial = await load(`${a.url}/api/bench/json`, { connections: 10, seconds: o.seconds });
    const pk = await load(`${a.url}/api/bench/pk/${p.fixtures.itemIds[0]}`, {
      connections: 10,
      seconds: o.seconds,
    });
    const timeline = await load(`${a.url}/api/persons/${p.fixtures.viewerPersonId}/items`, {
      connections: 10,
      seconds: o.seconds,
      headers: auth,
    });
    const overview = await load(`${a.url}/api/persons/${p.fixtures.typicalPersonId}`, {
      connections: 10,
      seconds: o.seconds,
      headers: auth,
    });
    const overviewLongest = await load(`${a.url}/api/persons/${p.fixtures.viewerPersonId}`, {
      connections: 10,
      seconds: o.seconds,
      headers: auth,
    });
    results.push(
      result(
        { ...base, case: 'http.trivial_json' },
        trivial,
        null,
        null,
        'the framework’s ceiling on this machine',
      ),
    );
    results.push(
      result(
        { ...base, case: 'http.primary_key_route' },
        pk,
        null,
        null,
        'baseline: one primary-key SELECT, no sign-in',
      ),
    );
    results.push(
      result(
        { ...base, case: 'http.timeline_throughput' },
        timeline,
        { name: 'http.primary_key_route', summary: pk },
        {
          text: 'throughput ≥ 30% of the primary-key route',
          ratio: timeline.throughput / pk.throughput,
          met: timeline.throughput >= 0.3 * pk.throughput,
        },
        `session check, consent filter and audit write included; ${timeline.errors} errors`,
      ),
    );
    results.push(
      result(
        { ...base, case: 'http.timeline_p99' },
        timeline,
        { name: 'http.primary_key_route', summary: pk },
        {
          text: 'p99 ≤ 2.5× the primary-key route p99',
          ratio: timeline.p99 / pk.p99,
          met: timeline.p99 <= 2.5 * pk.p99,
        },
      ),
    );
    results.push(
      result(
        { ...base, case: 'http.person_overview' },
        overview,
        { name: 'http.trivial_json', summary: trivial },
        {
          text: 'throughput ≥ 2% of the trivial JSON route',
          ratio: overview.throughput / trivial.throughput,
          met: overview.throughput >= 0.02 * trivial.throughput,
        },
        `a person of median history; ${overview.errors} errors`,
      ),
    );
    results.push(
      result(
        { ...base, case: 'http.person_overview_longest_history' },
        overviewLongest,
        { name: 'http.trivial_json', summary: trivial },
        null,
        `the person with the longest history the viewer may see (the timeline cases’ person); ${overviewLongest.errors} errors`,
      ),
    );

    log('  http: posting 要確認 messages to a ten-member team, 100 writers');
    const lead = await signIn(a.url, p.fixtures.teamLeadEmail);
    if (!lead.csrf)
      await lead
        .request('GET', '/api/auth/csrf')
        .then((r) => (lead.csrf = (r.json() as { token: string }).token));
    const postUrl = `${a.url}/api/persons/${p.fixtures.teamPersonId}/messages`;
    const postHeaders = {
      cookie: cookie(lead),
      'x-csrf-token': lead.csrf!,
      'content-type': 'application/json',
    };
    const postBody = JSON.stringify({
      category: 'daily_living',
      priority: 'normal',
      requiresAck: true,
      body: 'ベンチマークの要確認メッセージ',
    });
    const writers = await pacedWriters(postUrl, {
      writers: 100,
      meanIntervalMs: o.postIntervalMs,
      seconds: o.seconds * 2,
      headers: postHeaders,
      body: postBody,
    });
    results.push(
      result(
        { ...base, case: 'http.post_message_100_writers' },
        writers,
        null,
        p.engine === 'postgres'
          ? { text: 'p99 < 50 ms', ratio: writers.p99 / 50, met: writers.p99 < 50 && writers.errors === 0 }
          : null,
        `100 writers, each posting every ${o.postIntervalMs / 1000} s on average (exponential gaps); ` +
          `10 expected readers, acknowledgement rows, notifications and live events per message; ${writers.errors} errors`,
      ),
    );
    const saturated = await load(postUrl, {
      connections: 100,
      seconds: o.seconds,
      method: 'POST',
      headers: postHeaders,
      body: postBody,
    });
    results.push(
      result(
        { ...base, case: 'http.post_message_saturated' },
        saturated,
        null,
        null,
        `100 connections posting back to back: the most posts per second this machine takes; ${saturated.errors} errors`,
      ),
    );

    // Live delivery: through a second process on PostgreSQL; PGlite runs in one process only.
    let b = a;
    if (p.engine === 'postgres') {
      b = await startChildServer({ ...p.env, TSUNAGU_WORKER_ID: 'bench-b', TSUNAGU_LOG_LEVEL: 'error' });
      servers.push(b);
    }
    const reader = await signIn(b.url, p.fixtures.teamMemberEmails[0]!);
    log(
      `  live: post-to-receive ${p.engine === 'postgres' ? 'through a second process' : 'in one process'} (${o.livePosts} messages)`,
    );
    const one = openStream(`${b.url}/api/stream`, cookie(reader));
    await one.ready;
    const single = await measureDelivery(lead, p.fixtures.teamPersonId, [one], o.livePosts);
    one.close();
    const commitS = summarise(single.commitToLast);
    results.push(
      result(
        { ...base, case: 'live.commit_to_receive' },
        commitS,
        { name: 'live.raw_notify_round_trip', summary: o.rawNotify },
        {
          text: 'p99 ≤ 5× a raw NOTIFY round trip',
          ratio: commitS.p99 / o.rawNotify.p99,
          met: commitS.p99 <= 5 * o.rawNotify.p99,
        },
        p.engine === 'postgres'
          ? 'from the commit in process A (its Server-Timing header) to the SSE event at a client of process B'
          : 'from the commit to the SSE event, one process (PGlite)',
      ),
    );
    results.push(
      result(
        { ...base, case: 'live.post_to_receive' },
        summarise(single.postToFirst),
        null,
        null,
        'from sending the HTTP POST to the SSE event at the other client',
      ),
    );

    for (const n of o.fanOut) {
      log(`  live: fan-out to ${n} SSE clients`);
      const streams = Array.from({ length: n }, () => openStream(`${b.url}/api/stream`, cookie(reader)));
      await Promise.all(streams.map((s) => s.ready));
      const fan = await measureDelivery(
        lead,
        p.fixtures.teamPersonId,
        streams,
        Math.max(5, Math.floor(o.livePosts / 5)),
      );
      for (const s of streams) s.close();
      const s = summarise(fan.commitToLast);
      const limit = n <= 100 ? 20 : 60;
      results.push(
        result(
          { ...base, case: `live.fan_out_${n}` },
          s,
          null,
          {
            text: `commit → last of ${n} clients p99 ≤ ${limit} ms, none lost`,
            ratio: s.p99 / limit,
            met: s.p99 <= limit && fan.lost === 0,
          },
          `${fan.lost} lost`,
        ),
      );
    }
  } finally {
    for (const s of servers) await s.kill('SIGTERM');
  }
  return results;
}
