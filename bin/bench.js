#!/usr/bin/env node
// npm run bench: how long checking takes, against a baseline measured in the same run.
import { launch } from './launch.js';

await launch('bench');
