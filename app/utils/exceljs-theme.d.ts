// exceljs's Office theme, the one its workbooks always carried (a string module)
declare module 'exceljs/lib/xlsx/xml/theme1.js' {
  const xml: string
  export default xml
}
