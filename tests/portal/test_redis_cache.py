"""The Redis cache backend builds one client per connection pool, not one per call."""

from portal.redis_cache import PooledRedisCache


def test_one_client_per_pool_for_reads_and_writes():
    backend = PooledRedisCache("redis://127.0.0.1:6379/15", {})
    client = backend._cache.get_client()
    # No connection is opened here: a client only takes one from its pool per command.
    assert backend._cache.get_client("key") is client
    assert backend._cache.get_client("key", write=True) is client


def test_replicas_each_have_their_own_client():
    backend = PooledRedisCache("redis://primary:6379/0,redis://replica:6379/0", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client()
    assert reader is not writer
    assert backend._cache.get_client() is reader
    assert reader.connection_pool.connection_kwargs["host"] == "replica"
    assert writer.connection_pool.connection_kwargs["host"] == "primary"
