// The parts of recharts the charts draw with, and nothing else: the chunk ChartDrawing loads.
// Loading 'recharts' itself as a namespace bundled the whole library into it (141 KB gzipped
// against 113 KB for these). A chart that needs another part adds it here; tsc says so, since
// `Recharts` is the type of this module.
export { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
