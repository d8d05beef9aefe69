#!/usr/bin/env node
// npm run compare: the starter-to-solution change, file by file.
import { launch } from './launch.js';

await launch('compare');
