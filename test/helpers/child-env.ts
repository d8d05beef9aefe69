// Loaded by mocha before every test file (.mocharc.json): what the processes a test starts
// (apps, the CLI, hosts) inherit from this one.
//
// NODE_EXTRA_CA_CERTS is the machine's, not the tests': they talk to 127.0.0.1 only, and the
// tests of a private certificate authority pass their own. Node 20 reads the whole bundle
// when a process starts, before any code runs: about 75 ms of CPU a process on the machine
// the kit is built on, whose bundle is the system's (~140 certificates), and a suite starts
// about 170 Node processes. Without it, no test depends on a machine's certificate setup.
delete process.env.NODE_EXTRA_CA_CERTS;
