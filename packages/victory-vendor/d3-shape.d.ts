export * from 'd3-shape'
