#!/usr/bin/env node
// npm run demo: checks the starter and the solution side by side.
import { launch } from './launch.js';

await launch('demo');
