#!/usr/bin/env node
import { buildExampleApp } from './example';

buildExampleApp().app.synth();
