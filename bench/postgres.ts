// The benchmarks' embedded PostgreSQL settings: memory for a million customers' data to stay cached, and
// no checkpoint forced in the middle of a generation or a batch. Used only when no BENCH_DATABASE_URL is given.
export const BENCH_POSTGRES_SETTINGS: Record<string, string> = { shared_buffers: '4GB', max_wal_size: '8GB', effective_cache_size: '16GB' };
