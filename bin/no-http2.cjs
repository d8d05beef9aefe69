// What the kit's bundles get for `node:http2`: the checker never speaks HTTP/2 (undici's
// allowH2 stays off), and only undici's HTTP/2 client module asks for it. This is the
// stand-in undici itself uses where node:http2 is missing; loading the real module costs a
// worker about a quarter of undici's own start-up.
'use strict';
module.exports = {
  constants: {},
  connect() {
    throw new Error('HTTP/2 is not used by the emitting-kit checker');
  },
};
