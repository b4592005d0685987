import { invalid } from './errors.js';

/** Runtime configuration, read once from the environment at the edge. */
export interface Config {
  dataDir: string;
  /** PostgreSQL URL; when absent the embedded SQLite database in dataDir is used. */
  databaseUrl?: string;
  port: number;
  host: string;
  logLevel: string;
  bodyLimitBytes: number;
  /** Body limit of batch uploads (CSV files). */
  uploadLimitBytes: number;
  rateLimitPerMinute: number;
  /** `id:base64key,...`, first is current; absent means a key file in dataDir is used. */
  encryptionKeys?: string;
  /** Directory of the built dashboard; absent means the packaged dist/web. */
  webDir?: string;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw invalid(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: env.GREENLINK_DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    logLevel: env.GREENLINK_LOG_LEVEL || 'info',
    bodyLimitBytes: intFrom(env, 'GREENLINK_BODY_LIMIT_BYTES', 1024 * 1024),
    uploadLimitBytes: intFrom(env, 'GREENLINK_UPLOAD_LIMIT_BYTES', 100 * 1024 * 1024),
    rateLimitPerMinute: intFrom(env, 'GREENLINK_RATE_LIMIT_PER_MINUTE', 600),
    encryptionKeys: env.GREENLINK_ENCRYPTION_KEYS || undefined,
    webDir: env.GREENLINK_WEB_DIR || undefined,
  };
}
