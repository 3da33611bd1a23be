export * from 'd3-scale'
