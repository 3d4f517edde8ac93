// The small built-in lists the demo clinic draws from: people's names, departments, the lab's menu, medicines and
// the reasons people give. Plain data, no logic.

export const firstNames = {
  female: [
    "Amina",
    "Grace",
    "Fatima",
    "Esther",
    "Wanjiru",
    "Chiamaka",
    "Ama",
    "Halima",
    "Njeri",
    "Zainab",
    "Mercy",
    "Adaeze",
    "Akosua",
    "Rehema",
    "Joy",
    "Blessing",
    "Mary",
    "Aisha",
    "Nafula",
    "Precious",
    "Ruth",
    "Salma",
    "Faith",
    "Nkechi",
    "Abena",
    "Lucy",
    "Hadiza",
    "Yetunde",
    "Patience",
    "Wairimu",
  ],
  male: [
    "Daniel",
    "Kwame",
    "Ibrahim",
    "Joseph",
    "Otieno",
    "Chinedu",
    "Kofi",
    "Musa",
    "Kamau",
    "Emeka",
    "Samuel",
    "Yusuf",
    "Peter",
    "Tunde",
    "Baraka",
    "John",
    "Ahmed",
    "Kipchoge",
    "Moses",
    "Obinna",
    "David",
    "Hassan",
    "Emmanuel",
    "Juma",
    "Yaw",
    "Paul",
    "Sani",
    "Femi",
    "Isaac",
    "Mwangi",
  ],
} as const;

export const lastNames = [
  "Okoro",
  "Mensah",
  "Yusuf",
  "Otieno",
  "Kamau",
  "Adeyemi",
  "Boateng",
  "Mwangi",
  "Abubakar",
  "Nwosu",
  "Wanjiku",
  "Owusu",
  "Bello",
  "Achieng",
  "Eze",
  "Asante",
  "Mohammed",
  "Njoroge",
  "Okafor",
  "Osei",
  "Danjuma",
  "Kariuki",
  "Adebayo",
  "Ochieng",
  "Appiah",
  "Chukwu",
  "Mutua",
  "Ibrahim",
  "Omondi",
  "Agyeman",
  "Lawal",
  "Kiplagat",
];

export interface Department {
  name: string;
  /** Consultation fee in the clinic's currency. */
  fee: number;
  room: string;
}

export const departments: readonly Department[] = [
  { name: "General OPD", fee: 500, room: "1" },
  { name: "Internal Medicine", fee: 800, room: "2" },
  { name: "Paediatrics", fee: 600, room: "3" },
  { name: "Obstetrics & Gynaecology", fee: 900, room: "4" },
  { name: "General OPD", fee: 500, room: "5" },
  { name: "ENT", fee: 700, room: "6" },
  { name: "Dermatology", fee: 700, room: "7" },
  { name: "Internal Medicine", fee: 800, room: "8" },
];

export const visitReasons = [
  "Fever and headache",
  "Cough for two weeks",
  "Abdominal pain",
  "Routine antenatal check",
  "Hypertension review",
  "Diabetes review",
  "Skin rash",
  "Ear pain",
  "Sore throat",
  "Back pain",
  "Diarrhoea",
  "Child with fever",
  "Painful urination",
  "Joint pain",
  "Chest pain on exertion",
  "Dizziness",
  "Follow-up of lab results",
];

export const diagnoses = [
  "Malaria, uncomplicated",
  "Upper respiratory tract infection",
  "Essential hypertension",
  "Type 2 diabetes",
  "Gastroenteritis",
  "Urinary tract infection",
  "Acute otitis media",
  "Tonsillitis",
  "Allergic dermatitis",
  "Mechanical low back pain",
  "Peptic ulcer disease",
  "Osteoarthritis of the knee",
  "Anaemia",
  "Normal pregnancy",
];

export interface LabTest {
  name: string;
  specimen: string;
  price: number;
  /** Minutes from starting the test to the result. */
  turnaround: readonly [number, number];
  analyte: string;
  unit: string;
  low: number;
  high: number;
}

export const labTests: readonly LabTest[] = [
  {
    name: "Full blood count",
    specimen: "EDTA blood",
    price: 800,
    turnaround: [20, 45],
    analyte: "Haemoglobin",
    unit: "g/dL",
    low: 12,
    high: 16,
  },
  {
    name: "Malaria RDT",
    specimen: "Capillary blood",
    price: 300,
    turnaround: [15, 25],
    analyte: "Malaria antigen",
    unit: "",
    low: 0,
    high: 0,
  },
  {
    name: "Random blood sugar",
    specimen: "Capillary blood",
    price: 250,
    turnaround: [5, 15],
    analyte: "Glucose",
    unit: "mmol/L",
    low: 3.9,
    high: 7.8,
  },
  {
    name: "Urinalysis",
    specimen: "Urine",
    price: 400,
    turnaround: [20, 40],
    analyte: "Leukocytes",
    unit: "/uL",
    low: 0,
    high: 10,
  },
  {
    name: "Lipid profile",
    specimen: "Serum",
    price: 1500,
    turnaround: [60, 150],
    analyte: "LDL cholesterol",
    unit: "mmol/L",
    low: 0,
    high: 3.4,
  },
  {
    name: "Creatinine",
    specimen: "Serum",
    price: 900,
    turnaround: [45, 120],
    analyte: "Creatinine",
    unit: "umol/L",
    low: 53,
    high: 106,
  },
  {
    name: "HbA1c",
    specimen: "EDTA blood",
    price: 1800,
    turnaround: [90, 240],
    analyte: "HbA1c",
    unit: "%",
    low: 4,
    high: 5.6,
  },
  {
    name: "Urine culture",
    specimen: "Urine",
    price: 2000,
    turnaround: [1440, 2880],
    analyte: "Colony count",
    unit: "CFU/mL",
    low: 0,
    high: 100000,
  },
  {
    name: "Liver function tests",
    specimen: "Serum",
    price: 1600,
    turnaround: [60, 180],
    analyte: "ALT",
    unit: "U/L",
    low: 7,
    high: 56,
  },
  {
    name: "Stool microscopy",
    specimen: "Stool",
    price: 500,
    turnaround: [30, 60],
    analyte: "Ova and cysts",
    unit: "",
    low: 0,
    high: 0,
  },
];

export const medicines = [
  {
    drug: "Artemether/lumefantrine 20/120 mg",
    dose: "4 tablets",
    frequency: "twice daily",
    duration: "3 days",
  },
  { drug: "Paracetamol 500 mg", dose: "2 tablets", frequency: "every 8 hours", duration: "3 days" },
  { drug: "Amoxicillin 500 mg", dose: "1 capsule", frequency: "three times daily", duration: "7 days" },
  { drug: "Amlodipine 5 mg", dose: "1 tablet", frequency: "once daily", duration: "30 days" },
  { drug: "Metformin 500 mg", dose: "1 tablet", frequency: "twice daily", duration: "30 days" },
  {
    drug: "Oral rehydration salts",
    dose: "1 sachet in 1 L water",
    frequency: "after each loose stool",
    duration: "until better",
  },
  { drug: "Nitrofurantoin 100 mg", dose: "1 capsule", frequency: "twice daily", duration: "5 days" },
  { drug: "Cetirizine 10 mg", dose: "1 tablet", frequency: "once daily", duration: "7 days" },
  {
    drug: "Ibuprofen 400 mg",
    dose: "1 tablet",
    frequency: "three times daily after food",
    duration: "5 days",
  },
  {
    drug: "Omeprazole 20 mg",
    dose: "1 capsule",
    frequency: "once daily before breakfast",
    duration: "14 days",
  },
  { drug: "Ferrous sulphate 200 mg", dose: "1 tablet", frequency: "once daily", duration: "30 days" },
  { drug: "Folic acid 5 mg", dose: "1 tablet", frequency: "once daily", duration: "30 days" },
];

export const referralTargets = [
  {
    referredTo: "County Referral Hospital, Cardiology",
    specialty: "Cardiology",
    reason: "Chest pain with abnormal ECG",
  },
  {
    referredTo: "Eye Unit, Teaching Hospital",
    specialty: "Ophthalmology",
    reason: "Reduced vision, needs fundoscopy",
  },
  { referredTo: "Orthopaedic Clinic", specialty: "Orthopaedics", reason: "Suspected meniscal tear" },
  { referredTo: "Renal Unit", specialty: "Nephrology", reason: "Rising creatinine" },
  { referredTo: "Surgical Outpatients", specialty: "General surgery", reason: "Inguinal hernia for repair" },
];

export const sampleRejectionReasons = [
  "Haemolysed sample",
  "Insufficient sample volume",
  "Clotted EDTA sample",
  "Unlabelled container",
];

export const amendmentReasons = [
  "Transcription error in the result value",
  "Result re-run after calibration check",
  "Wrong reference range printed",
];

export const skipReasons = [
  "Not in the waiting area when called",
  "Stepped out to the pharmacy",
  "Did not answer",
];

export const followUpReasons = [
  "Review blood pressure",
  "Review lab results",
  "Check response to treatment",
  "Antenatal visit",
  "Wound review",
];
