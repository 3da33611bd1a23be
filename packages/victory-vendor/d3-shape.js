// as victory-vendor's own: recharts imports d3-shape's curves, symbols and stacks by name
export * from 'd3-shape'
