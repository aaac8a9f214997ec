package dev.tillsync.node.store;

/** A {@link Kv} that passes every call to another one, for test stores that change a few of them. */
public abstract class ForwardingKv implements Kv {

    private final Kv delegate;

    protected ForwardingKv(Kv delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] get(Column column, byte[] key) {
        return delegate.get(column, key);
    }

    @Override
    public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
        delegate.scan(column, from, to, visitor);
    }

    @Override
    public void write(KvBatch batch, boolean sync) {
        delegate.write(batch, sync);
    }

    @Override
    public boolean reopenIfFailed() {
        return delegate.reopenIfFailed();
    }

    @Override
    public KvSnapshot snapshot() {
        return delegate.snapshot();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public long sizeOnDisk() {
        return delegate.sizeOnDisk();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
