package io.dynamolock.benchmarks;

/** The report's section on method, shared by every run. */
final class Methods {
    private Methods() {
    }

    static final String TEXT = """
            ## How these figures are made

            - **Side by side.** Every comparison runs all its contenders in the same run, against the same server \
            on loopback, and gives each figure both absolutely and as a ratio. Where timing matters the contenders \
            take turns in rounds whose order rotates, so that the drift of a shared, noisy 2-core machine falls on \
            all of them alike; where only counts matter they run at the same time.
            - **The server.** dynalite (in memory, Node.js) for every comparison: the fastest server available \
            here, so a library's own overhead is the most visible. Part 2 also runs on moto. Both are started by \
            `dynamolock-testing` on a free loopback port. dynalite 4.0.0 ends its whole process when a client drops \
            a connection mid-request (a killed JVM, an interrupted thread); `benchmarks/run.sh` preloads \
            `benchmarks/dynalite-guard.js` (through `NODE_OPTIONS`) so that such a client is logged instead.
            - **The contenders.** This library (`DynamoDbLockManager`); the AWS lock client \
            `com.amazonaws:dynamodb-lock-client:1.4.0`, built against SDK 2.32.10 and run here on the project's SDK \
            2.57.8 in the same JVM (binary compatible within SDK v2; its requests succeed and are counted); the raw \
            SDK sending exactly this library's two `UpdateItem`s (the floor); and, for the weaving, AspectJ's \
            load-time weaver `org.aspectj:aspectjweaver` with an `@Around` aspect that does what the agent does. \
            Each contender has its own SDK client, built the same way (URL-connection HTTP client, SDK defaults), \
            and both libraries get the same lease and heartbeat in every part. Waiting is each library's own \
            default: this library backs off exponentially (50 ms doubling to 1 s, jittered), the AWS client polls \
            with `GetItem` every second.
            - **Requests** are request attempts counted by an SDK `ExecutionInterceptor` on each contender's client \
            (an SDK retry counts again).
            - **Bounded.** Every loop runs for a fixed time or count; forked JVMs are killed if they overrun.
            - **Not tuned to the targets.** Parameters are the libraries' defaults or the same for every \
            contender, chosen before the figures were seen; a missed target is reported with its cause.""";
}
