#!/usr/bin/env node
// npm run learn: the lesson page with its Check button.
import { launch } from './launch.js';

await launch('learn');
