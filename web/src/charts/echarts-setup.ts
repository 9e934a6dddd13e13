// ECharts, tree-shaken to what the pages draw (bar, line, pie; grid, tooltip, legend, title, aria) with
// the SVG renderer: the same option renders on the server (`ssr: true`, renderToSVGString) for PDF
// reports. Only ever loaded through a dynamic import() (chart.tsx), so the main bundle stays small.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import langEN from 'echarts/i18n/langEN-obj.js';
import langVI from 'echarts/i18n/langVI-obj.js';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

// Toolbox and empty-data texts in the person's language (init(…, { locale: 'VI' | 'EN' })).
echarts.registerLocale('VI', langVI);
echarts.registerLocale('EN', langEN);

export { echarts };
