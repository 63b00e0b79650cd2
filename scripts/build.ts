import { fileURLToPath } from 'node:url';
import { bundleGateway } from './bundle.js';

// `npm run build` type-checks src/ first (tsconfig.build.json), then runs this: dist/ is the bundle.
const outdir = fileURLToPath(new URL('../dist', import.meta.url));
const { metafile } = await bundleGateway({ outdir });
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const outputs = Object.entries(metafile.outputs).filter(([file]) => !file.endsWith('.map'));
const loaded = outputs.find(([file]) => file.endsWith('/gateway.js'))?.[1].bytes ?? 0;
const total = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
process.stdout.write(
  `dist/: gateway.js ${kib(loaded)} (what every start loads), ${outputs.length - 1} lazy chunks, ${kib(total)} in all\n`,
);
