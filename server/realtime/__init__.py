"""Socket.IO adapters: namespaces, rooms from tokens, snapshots, publishing."""
