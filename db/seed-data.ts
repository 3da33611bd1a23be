// Static demo data: organisations and labs. Every name is invented for the demo; the three
// university colleges are real college names used only as plausible hosts, and nothing here
// states or implies that any of them holds a certification. db/seed.ts turns this into rows.
import type { Direction, DistrictCode, OrgKind } from './schema/enums'

export interface DemoOrg {
  name: string
  kind: OrgKind
  // where it operates in Suzhou (the organisations.district_code column)
  district: DistrictCode
  // registering authority's region when it is not the Suzhou district above: such an org
  // gets a credit code from outside 3205xx, so the "not registered in Suzhou" warning shows
  registeredIn?: string
}

export interface DemoLab {
  name: string
  direction: Direction
  host: string
  // fixed partners; labs without this get 0-2 partners drawn by the seeder
  partners?: string[]
  focus: string
  // where the two-year plan says outcomes will be applied
  scenarios: string
}

export const DEMO_ORGS: DemoOrg[] = [
  // 姑苏区
  { name: '苏州市姑苏区数字城市运行管理中心', kind: 'public_institution', district: '320508' },
  { name: '苏州姑苏文旅数字科技有限公司', kind: 'enterprise', district: '320508' },
  { name: '苏州市姑苏区便民服务信息中心', kind: 'public_institution', district: '320508' },
  { name: '苏州大学计算机科学与技术学院', kind: 'university_college', district: '320508' },
  { name: '苏州诚信通数据服务有限公司', kind: 'enterprise', district: '320508' },
  { name: '苏州市大数据产业协会', kind: 'social_organisation', district: '320508' },
  { name: '苏州市数字政府研究中心', kind: 'public_institution', district: '320508' },
  // 昆山市
  { name: '昆山智造云联科技有限公司', kind: 'enterprise', district: '320583' },
  { name: '昆山精测智能科技有限公司', kind: 'enterprise', district: '320583' },
  { name: '昆山海联跨境数据服务有限公司', kind: 'enterprise', district: '320583' },
  { name: '昆山市网格化社会治理信息中心', kind: 'public_institution', district: '320583' },
  { name: '昆山市数字经济促进会', kind: 'social_organisation', district: '320583' },
  { name: '上海浦江数链信息服务有限公司', kind: 'enterprise', district: '320583', registeredIn: '310115' },
  // 苏州工业园区
  { name: '西交利物浦大学智能工程学院', kind: 'university_college', district: '320571' },
  { name: '苏州数衡隐私计算科技有限公司', kind: 'enterprise', district: '320571' },
  { name: '苏州盾安网络安全技术有限公司', kind: 'enterprise', district: '320571' },
  { name: '苏州医数联健康科技有限公司', kind: 'enterprise', district: '320571' },
  { name: '苏州云链数字科技有限公司', kind: 'enterprise', district: '320571' },
  { name: '苏州工业园区人工智能产业协会', kind: 'social_organisation', district: '320571' },
  { name: '南京星河数智信息技术有限公司', kind: 'enterprise', district: '320571', registeredIn: '320100' },
  // 虎丘区（苏州高新区）
  { name: '苏州科技大学电子与信息工程学院', kind: 'university_college', district: '320505' },
  { name: '苏州太湖智水环境科技有限公司', kind: 'enterprise', district: '320505' },
  { name: '苏州高新数据资产运营有限公司', kind: 'enterprise', district: '320505' },
  { name: '苏州高新区政务数据管理中心', kind: 'public_institution', district: '320505' },
  // 吴中区
  { name: '苏州吴中农业数字科技有限公司', kind: 'enterprise', district: '320506' },
  { name: '苏州太湖文旅数据科技有限公司', kind: 'enterprise', district: '320506' },
  { name: '苏州锐驰机器人科技有限公司', kind: 'enterprise', district: '320506' },
  { name: '苏州数标智能科技有限公司', kind: 'enterprise', district: '320506' },
  // 相城区
  { name: '苏州相城数字金融科技有限公司', kind: 'enterprise', district: '320507' },
  { name: '苏州智行交通科技有限公司', kind: 'enterprise', district: '320507' },
  { name: '苏州市相城区经济运行分析中心', kind: 'public_institution', district: '320507' },
  { name: '苏州数质通信息技术有限公司', kind: 'enterprise', district: '320507' },
  // 吴江区
  { name: '苏州吴江丝路纺织数字科技有限公司', kind: 'enterprise', district: '320509' },
  { name: '苏州市吴江区政务服务数据中心', kind: 'public_institution', district: '320509' },
  { name: '苏州光讯网络安全科技有限公司', kind: 'enterprise', district: '320509' },
  { name: '苏州市吴江区农村经济信息中心', kind: 'public_institution', district: '320509' },
  // 常熟市
  { name: '常熟衣联数字科技有限公司', kind: 'enterprise', district: '320581' },
  { name: '常熟市养老服务协会', kind: 'social_organisation', district: '320581' },
  { name: '常熟市农业农村信息中心', kind: 'public_institution', district: '320581' },
  // 张家港市
  { name: '张家港港数物流科技有限公司', kind: 'enterprise', district: '320582' },
  { name: '张家港安泰工业数据科技有限公司', kind: 'enterprise', district: '320582' },
  { name: '张家港市城市运行管理中心', kind: 'public_institution', district: '320582' },
  // 太仓市
  { name: '太仓德智工业数据科技有限公司', kind: 'enterprise', district: '320585' },
  { name: '太仓市社会工作协会', kind: 'social_organisation', district: '320585' },
  { name: '太仓信融数据服务有限公司', kind: 'enterprise', district: '320585' },
]

// 40 labs: 姑苏区 and 昆山市 5 each, 苏州工业园区 5, the other districts 3-4; every one of the
// 14 directions at least twice. A lab's district is its host's district.
export const DEMO_LABS: DemoLab[] = [
  // 姑苏区
  {
    name: '苏州市城市数字孪生大数据创新应用实验室',
    direction: 13,
    host: '苏州市姑苏区数字城市运行管理中心',
    focus: '以古城街巷为对象构建城市信息模型，汇聚建筑、管网、交通与人流数据，支撑古城更新与精细化管理。',
    scenarios: '古城保护更新、地下管网运维、街区人流调度',
  },
  {
    name: '苏州市古城文化遗产数字化实验室',
    direction: 7,
    host: '苏州姑苏文旅数字科技有限公司',
    focus: '对园林、古建筑和非遗技艺开展三维采集与知识标注，建设可授权使用的文化数据资源库。',
    scenarios: '园林数字导览、非遗数字展陈、文创产品开发',
  },
  {
    name: '苏州市民生服务大数据创新应用实验室',
    direction: 9,
    host: '苏州市姑苏区便民服务信息中心',
    focus: '整合社保、医疗、教育等便民服务数据，研究“一件事”主动推送与适老化服务推荐。',
    scenarios: '社区便民服务、老年人主动关怀、“一件事”集成办理',
  },
  {
    name: '苏州市政务知识图谱与智能问答实验室',
    direction: 10,
    host: '苏州大学计算机科学与技术学院',
    focus: '面向政务办事指南和政策文件构建知识图谱，研究大模型检索增强的政策智能问答。',
    scenarios: '12345热线辅助答复、政策精准推送、窗口智能导办',
  },
  {
    name: '苏州市公共信用大数据创新应用实验室',
    direction: 14,
    host: '苏州诚信通数据服务有限公司',
    partners: ['苏州市大数据产业协会'],
    focus: '基于公共信用信息构建市场主体信用评价模型，探索信用修复预警和分级分类监管。',
    scenarios: '信用分级分类监管、信用修复提醒、“信易贷”授信',
  },
  // 昆山市
  {
    name: '昆山市工业互联网大数据创新应用实验室',
    direction: 12,
    host: '昆山智造云联科技有限公司',
    focus: '面向电子信息和装备制造企业汇聚设备运行数据，研究产线能效优化与预测性维护。',
    scenarios: '设备预测性维护、产线能耗优化、中小企业上云',
  },
  {
    name: '苏州市电子信息制造质量大数据实验室',
    direction: 12,
    host: '昆山精测智能科技有限公司',
    focus: '利用工业视觉与过程参数数据追溯电子元器件质量缺陷成因，缩短质量问题闭环时间。',
    scenarios: 'PCB缺陷检测、来料质量追溯、良率分析',
  },
  {
    name: '苏州市跨境贸易数据流通创新应用实验室',
    direction: 2,
    host: '昆山海联跨境数据服务有限公司',
    partners: ['上海浦江数链信息服务有限公司'],
    focus: '研究跨境贸易单证数据的可信流通与合规出境评估，打通报关、物流与结算数据链条。',
    scenarios: '跨境电商通关、供应链金融、数据出境合规评估',
  },
  {
    name: '苏州市基层社会治理大数据实验室',
    direction: 11,
    host: '昆山市网格化社会治理信息中心',
    focus: '汇聚网格事件、矛盾纠纷和信访数据，研究风险隐患早发现、早处置的智能分拨模型。',
    scenarios: '网格事件智能分拨、矛盾纠纷预警、重点区域巡查',
  },
  {
    name: '苏州市台资企业经济运行监测大数据实验室',
    direction: 6,
    host: '昆山市数字经济促进会',
    focus: '以用电、税收、物流和招聘数据刻画重点企业经营景气度，形成经济运行监测指数。',
    scenarios: '重点企业运行监测、产业链断点预警、稳企惠企政策评估',
  },
  // 苏州工业园区
  {
    name: '苏州市人工智能大模型关键技术实验室',
    direction: 1,
    host: '西交利物浦大学智能工程学院',
    focus: '研究面向行业场景的大模型高效微调、推理加速与可信评测方法。',
    scenarios: '政务文书辅助生成、工业知识问答、教育智能助教',
  },
  {
    name: '苏州市隐私计算与数据要素流通实验室',
    direction: 2,
    host: '苏州数衡隐私计算科技有限公司',
    partners: ['南京星河数智信息技术有限公司'],
    focus: '基于多方安全计算与联邦学习搭建数据“可用不可见”的流通平台，服务公共数据授权运营。',
    scenarios: '公共数据授权运营、联合风控建模、医保数据核验',
  },
  {
    name: '苏州市数据安全攻防与应急响应实验室',
    direction: 4,
    host: '苏州盾安网络安全技术有限公司',
    focus: '围绕政务云和工业互联网开展数据泄露监测、攻防演练与应急处置技术研究。',
    scenarios: '政务云数据安全监测、攻防演练、数据安全应急处置',
  },
  {
    name: '苏州市生物医药临床数据创新应用实验室',
    direction: 9,
    host: '苏州医数联健康科技有限公司',
    focus: '在合规前提下治理多中心临床研究数据，建设标准化专病数据库并支撑真实世界研究。',
    scenarios: '专病队列研究、临床试验受试者招募、医保支付评估',
  },
  {
    name: '苏州市数字贸易与平台经济大数据实验室',
    direction: 5,
    host: '苏州云链数字科技有限公司',
    focus: '分析平台企业交易与物流数据，研究数字贸易统计口径和平台经济发展评价体系。',
    scenarios: '数字贸易统计、平台经济监测、外贸企业数字化转型',
  },
  // 虎丘区（苏州高新区）
  {
    name: '苏州市工业视觉与边缘智能关键技术实验室',
    direction: 1,
    host: '苏州科技大学电子与信息工程学院',
    focus: '研究轻量化视觉模型在边缘设备上的部署与协同推理，降低工业现场算力成本。',
    scenarios: '产线外观检测、园区安防巡检、边缘算力调度',
  },
  {
    name: '苏州市太湖水环境监测大数据实验室',
    direction: 13,
    host: '苏州太湖智水环境科技有限公司',
    focus: '融合水质在线监测、遥感和气象数据，建立太湖蓝藻水华预测与河湖健康评价模型。',
    scenarios: '蓝藻水华预警、河湖长制巡查、排口溯源',
  },
  {
    name: '苏州市数据资产登记与价值评估实验室',
    direction: 2,
    host: '苏州高新数据资产运营有限公司',
    focus: '研究数据资源确权登记、质量评价和价值评估方法，探索数据资产入表路径。',
    scenarios: '数据资产入表、数据产品挂牌交易、数据质押融资',
  },
  {
    name: '苏州市政务数据治理与共享实验室',
    direction: 3,
    host: '苏州高新区政务数据管理中心',
    partners: ['苏州市大数据产业协会'],
    focus: '建立政务数据目录、血缘和质量规则体系，提升跨部门共享数据的准确性和时效性。',
    scenarios: '政务数据目录编制、数据质量稽核、跨部门共享交换',
  },
  // 吴中区
  {
    name: '苏州市智慧农业与太湖农产品溯源大数据实验室',
    direction: 8,
    host: '苏州吴中农业数字科技有限公司',
    focus: '为碧螺春、太湖大闸蟹等特色农产品建设产地、生产、流通全链条溯源数据体系。',
    scenarios: '农产品质量溯源、茶园智能管理、农产品电商营销',
  },
  {
    name: '苏州市文旅消费大数据创新应用实验室',
    direction: 7,
    host: '苏州太湖文旅数据科技有限公司',
    focus: '结合票务、住宿和消费支付数据分析游客画像，支撑文旅线路设计和客流调控。',
    scenarios: '景区客流预测、文旅消费券评估、精品线路推荐',
  },
  {
    name: '苏州市具身智能与机器人关键技术实验室',
    direction: 1,
    host: '苏州锐驰机器人科技有限公司',
    focus: '采集机器人操作与环境感知数据，研究具身智能的数据集构建和仿真训练方法。',
    scenarios: '柔性装配、仓储分拣、养老陪护机器人',
  },
  {
    name: '苏州市高质量数据集与数据标注实验室',
    direction: 5,
    host: '苏州数标智能科技有限公司',
    focus: '研究数据标注质量控制与自动化预标注技术，建设面向行业大模型的高质量语料和数据集。',
    scenarios: '行业大模型训练语料、自动驾驶数据标注、数据集交易',
  },
  // 相城区
  {
    name: '苏州市数字金融与供应链信用实验室',
    direction: 14,
    host: '苏州相城数字金融科技有限公司',
    focus: '基于发票、订单和物流数据评估中小企业信用，研究供应链金融风险控制模型。',
    scenarios: '供应链金融授信、数字人民币场景、中小企业融资服务',
  },
  {
    name: '苏州市车路协同交通大数据实验室',
    direction: 13,
    host: '苏州智行交通科技有限公司',
    focus: '融合路侧感知与车辆运行数据，研究信号配时优化和车路协同安全预警。',
    scenarios: '自适应信号控制、智能网联公交、交通事件检测',
  },
  {
    name: '苏州市市场主体经济运行监测实验室',
    direction: 6,
    host: '苏州市相城区经济运行分析中心',
    focus: '利用登记注册、纳税和社保数据监测市场主体活跃度，支撑经济形势研判。',
    scenarios: '市场主体活跃度监测、招商引资评估、经济形势研判',
  },
  {
    name: '苏州市数据治理标准与质量评估实验室',
    direction: 3,
    host: '苏州数质通信息技术有限公司',
    partners: ['苏州市大数据产业协会'],
    focus: '编制数据治理能力评估指标，研究数据质量自动检测工具并开展贯标服务。',
    scenarios: '企业数据管理能力评估、数据质量检测、数据治理贯标',
  },
  // 吴江区
  {
    name: '苏州市丝绸纺织产业大数据实验室',
    direction: 12,
    host: '苏州吴江丝路纺织数字科技有限公司',
    focus: '采集织造、印染工序数据，研究面料疵点识别和订单排产优化，推动纺织企业智能化改造。',
    scenarios: '面料疵点检测、印染能耗管理、柔性排产',
  },
  {
    name: '苏州市长三角一体化示范区数据协同实验室',
    direction: 10,
    host: '苏州市吴江区政务服务数据中心',
    focus: '研究长三角生态绿色一体化发展示范区跨省政务数据共享与业务协同机制。',
    scenarios: '跨省通办、示范区联合执法、生态环境联保共治',
  },
  {
    name: '苏州市光纤通信网络安全大数据实验室',
    direction: 4,
    host: '苏州光讯网络安全科技有限公司',
    focus: '围绕光通信网络运行数据研究异常流量识别、链路风险评估和关键信息基础设施防护。',
    scenarios: '骨干网异常流量识别、关键信息基础设施防护、网络安全态势感知',
  },
  {
    name: '苏州市乡村振兴数字治理实验室',
    direction: 8,
    host: '苏州市吴江区农村经济信息中心',
    focus: '建设村级集体资产、人口和人居环境数据底座，研究乡村治理积分制的数字化运行。',
    scenarios: '村级集体资产监管、人居环境整治、乡村治理积分',
  },
  // 常熟市
  {
    name: '常熟市服装产业链大数据创新应用实验室',
    direction: 5,
    host: '常熟衣联数字科技有限公司',
    focus: '打通服装设计、生产和电商销售数据，研究爆款预测与小单快反的产销协同模式。',
    scenarios: '服装款式趋势预测、小单快反生产、直播电商选品',
  },
  {
    name: '苏州市智慧养老大数据实验室',
    direction: 9,
    host: '常熟市养老服务协会',
    focus: '汇聚居家养老服务、健康监测和补贴发放数据，研究养老需求评估与服务资源匹配。',
    scenarios: '居家养老服务派单、失能风险预警、养老补贴精准发放',
  },
  {
    name: '苏州市农业气象与粮食生产大数据实验室',
    direction: 8,
    host: '常熟市农业农村信息中心',
    focus: '结合农业气象、土壤墒情和遥感数据，研究水稻、小麦长势监测与产量预测。',
    scenarios: '粮食估产、农业灾害预警、高标准农田管理',
  },
  // 张家港市
  {
    name: '苏州市港口物流大数据创新应用实验室',
    direction: 6,
    host: '张家港港数物流科技有限公司',
    focus: '整合港口作业、船舶动态和集疏运数据，研究港口吞吐量预测与物流成本监测。',
    scenarios: '港口吞吐量预测、集装箱调度、物流成本指数',
  },
  {
    name: '苏州市危化品与安全生产风险监测大数据实验室',
    direction: 11,
    host: '张家港安泰工业数据科技有限公司',
    focus: '汇聚重大危险源监测和企业安全生产数据，研究风险分级与隐患智能识别。',
    scenarios: '重大危险源在线监测、化工园区封闭管理、隐患排查治理',
  },
  {
    name: '苏州市城市运行一网统管实验室',
    direction: 10,
    host: '张家港市城市运行管理中心',
    focus: '研究城市运行体征指标体系和跨部门事件联动处置流程，支撑“一网统管”平台建设。',
    scenarios: '城市运行体征监测、跨部门事件联动、应急指挥调度',
  },
  // 太仓市
  {
    name: '苏州市中德智能制造数据创新应用实验室',
    direction: 12,
    host: '太仓德智工业数据科技有限公司',
    focus: '借鉴德资企业精益生产经验，研究设备互联、工艺参数优化和数字化车间评估。',
    scenarios: '数字化车间建设、工艺参数优化、德企供应链协同',
  },
  {
    name: '苏州市港城社区治理大数据实验室',
    direction: 11,
    host: '太仓市社会工作协会',
    focus: '以社区服务和居民诉求数据为基础，研究社区治理需求识别与社会工作资源调配。',
    scenarios: '社区诉求分析、社工服务派单、重点人群关爱',
  },
  {
    name: '苏州市企业信用画像与融资服务实验室',
    direction: 14,
    host: '太仓信融数据服务有限公司',
    focus: '利用公共信用与经营数据构建中小企业信用画像，支撑银行信用贷款审批。',
    scenarios: '中小企业信用贷款、政府采购信用评价、招投标信用核查',
  },
]
