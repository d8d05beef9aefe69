#!/usr/bin/env node
// npm run solution [-- --step NAME]: the kit's app at the end of a step, under nodemon.
import { launch } from './launch.js';

await launch('solution');
