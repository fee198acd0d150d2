/**
 * The Docker image without a Docker engine: reads the Dockerfile and docker-compose.yml and
 * rebuilds the runtime stage's file layout in a folder, so a test can run the image's commands
 * from it as an unprivileged user. Only what the files say is used: the context is filtered by
 * .dockerignore, the deps stage's COPY lines give the install manifests, the build stage's
 * `npm prune --omit=dev` the production node_modules, and the runtime stage's ENV, `install -d`,
 * WORKDIR, USER and `COPY --from=build` lines the layout. What cannot run here (apt-get, the base
 * image) is skipped; the tools it would install are the host's.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';

export interface Instruction {
  op: string;
  args: string;
}
export interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1].toUpperCase();
    const args = m[2].replace(/\s+/g, ' ').trim();
    if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)!;
      stages.push({ from: f[1], name: f[2] ?? String(stages.length), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ op, args });
    }
  }
  return stages;
}

/** ENV lines of a stage (both `ENV a=b c=d` and `ENV a b`). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    if (!i.args.includes('=')) {
      const [k, ...v] = i.args.split(' ');
      env[k] = v.join(' ');
      continue;
    }
    for (const m of i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return env;
}

/** .dockerignore patterns as a matcher on context-relative paths (last matching rule wins). */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pat = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
      const re = pat
        .split('/')
        .map((seg) =>
          seg === '**'
            ? '.*'
            : seg
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      return { negate, re: new RegExp(`^${re}(?:/.*)?$`) };
    });
  return (path) => {
    let ignored = false;
    for (const r of rules) if (r.re.test(path)) ignored = !r.negate;
    return ignored;
  };
}

/** The files `docker build .` would send (relative paths), with their total size in bytes. */
export function buildContext(root: string): { files: string[]; bytes: number } {
  const ignored = dockerignore(existsSync(join(root, '.dockerignore')) ? readFileSync(join(root, '.dockerignore'), 'utf8') : '');
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const abs = join(dir, e);
      const rel = relative(root, abs);
      if (ignored(rel)) continue;
      const st = lstatSync(abs);
      if (st.isDirectory()) walk(abs);
      else {
        files.push(rel);
        bytes += st.size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

export interface Layout {
  /** The image's root folder: `/app` is `<root>/app`. */
  root: string;
  workdir: string;
  user: string;
  env: Record<string, string>;
  /** An absolute path of the image, as a path of the layout. */
  path(p: string): string;
}

/**
 * Rebuilds the runtime stage in `out` (which must exist): production node_modules from the
 * build stage's prune, the rest copied from `repo` (whose build must be current), and the
 * `install -d -o <user>` folders owned by `uid`/`gid`. Everything else stays owned by the caller.
 */
export function buildLayout(repo: string, out: string, uid: number, gid: number): Layout {
  const stages = parseDockerfile(readFileSync(join(repo, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1)!;
  const path = (p: string) => join(out, p);
  const byName = new Map(stages.map((s) => [s.name, s]));

  // The build stage's own folder: the manifests its base stages copied, host modules (as `npm ci`
  // would install them), pruned as the build stage's RUN says.
  const build = join(out, '.build-stage');
  mkdirSync(build, { recursive: true });
  const chain: Stage[] = [];
  for (let s = byName.get('build'); s; s = byName.get(s.from)) chain.unshift(s);
  for (const s of chain) {
    for (const i of s.instructions.filter((x) => x.op === 'COPY' && !x.args.startsWith('--'))) {
      const parts = i.args.split(' ');
      const dest = parts.pop()!;
      if (parts[0] === '.') continue; // `COPY . .`: the sources; the repo's build stands for it
      for (const src of parts) {
        const target = dest.endsWith('/') || parts.length > 1 ? join(build, dest, src.split('/').pop()!) : join(build, dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(repo, src), target);
      }
    }
  }
  const runs = chain.flatMap((s) => s.instructions.filter((x) => x.op === 'RUN').map((x) => x.args));
  execFileSync('cp', ['-al', join(repo, 'node_modules'), join(build, 'node_modules')]);
  const prune = runs.join(' && ').match(/npm prune [^&]*/)?.[0];
  if (prune) execFileSync('sh', ['-c', prune.trim()], { cwd: build, stdio: 'ignore' });

  let workdir = '/';
  let user = 'root';
  for (const i of runtime.instructions) {
    if (i.op === 'WORKDIR') workdir = i.args.startsWith('/') ? i.args : join(workdir, i.args);
    else if (i.op === 'USER') user = i.args;
    else if (i.op === 'RUN') {
      // `install -d -o <user> -g <group> <dir>...`: the folders the app may write to.
      for (const m of i.args.matchAll(/install -d((?: -[og] \S+)*) ((?:\/\S+ ?)+)/g)) {
        for (const dir of m[2].trim().split(' ')) {
          mkdirSync(path(dir), { recursive: true });
          if (m[1].includes('-o')) chownSync(path(dir), uid, gid);
        }
      }
    } else if (i.op === 'COPY') {
      const m = /^--from=(\S+) (\S+) (\S+)$/.exec(i.args);
      if (!m) continue;
      const [, from, src, dest] = m;
      if (from !== 'build') throw new Error(`COPY --from=${from}: only the build stage is rebuilt here`);
      const rel = relative('/app', src);
      const source = rel === 'node_modules' ? join(build, 'node_modules') : join(repo, rel);
      if (!existsSync(source)) throw new Error(`${src} does not exist in the build (run npm run build)`);
      const target = path(dest.startsWith('/') ? dest : join(workdir, dest));
      mkdirSync(dirname(target), { recursive: true });
      if (rel === 'node_modules') renameSync(source, target);
      else if (statSync(source).isDirectory()) execFileSync('cp', ['-a', source, target]);
      else cpSync(source, target);
    }
  }
  mkdirSync(path(workdir), { recursive: true });
  return { root: out, workdir: path(workdir), user, env: stageEnv(runtime), path };
}

export interface ComposeService {
  command: string[];
  environment: Record<string, string>;
}

/** docker-compose.yml parsed (merge keys applied), `${VAR:-default}` resolved from `vars`. */
export function composeFile(
  repo: string,
  vars: Record<string, string>,
): { services: Record<string, Record<string, any>>; volumes?: Record<string, unknown> } {
  const text = readFileSync(join(repo, 'docker-compose.yml'), 'utf8').replace(
    /\$\{(\w+)(?::[-?]([^}]*))?\}/g,
    (_, k: string, d?: string) => vars[k] ?? d ?? '',
  );
  return parse(text, { merge: true });
}

/** docker-compose.yml's services, `${VAR:-default}` resolved from `vars`. */
export function composeServices(repo: string, vars: Record<string, string>): Record<string, ComposeService> {
  const doc = composeFile(repo, vars) as { services: Record<string, { command?: string[]; environment?: Record<string, string> }> };
  const out: Record<string, ComposeService> = {};
  for (const [name, s] of Object.entries(doc.services))
    out[name] = {
      command: s.command ?? [],
      environment: Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)])),
    };
  return out;
}
